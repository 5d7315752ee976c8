package dev.tensorlane.io;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void writesLikePythonsJsonDumpsAndReadsItBack() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "dense_1");
        value.put("units", 100);
        value.put("momentum", 0.99f);
        value.put("epsilon", 1e-3f);
        value.put("shape", java.util.Arrays.asList(null, 28, 28));
        value.put("ok", true);
        value.put("text", "quote \" backslash \\ tab \t é \u0001");
        String json = JsonWriter.write(value);
        assertEquals("{\"name\": \"dense_1\", \"units\": 100, \"momentum\": 0.99, \"epsilon\": 0.001, \"shape\": [null, 28, 28], "
                + "\"ok\": true, \"text\": \"quote \\\" backslash \\\\ tab \\t é \\u0001\"}", json);
        Object back = JsonReader.parse(json, "test");
        Map<String, Object> expected = new LinkedHashMap<>(value);
        expected.put("units", 100L);
        expected.put("momentum", 0.99);
        expected.put("epsilon", 0.001);
        expected.put("shape", java.util.Arrays.asList(null, 28L, 28L));
        assertEquals(expected, back);
    }

    @Test
    void readsNumbersEscapesAndNesting() {
        Object v = JsonReader.parse(" {\"a\" : [1, -0, 2.5e3, -1E-2, 12345678901234567890], \"b\": {\"c\": \"\\u00e9\\n\\/\"}} ", "t");
        assertEquals(List.of(1L, 0L, 2500.0, -0.01, 1.2345678901234567e19), ((Map<?, ?>) v).get("a"));
        assertEquals(Map.of("c", "é\n/"), ((Map<?, ?>) v).get("b"));
    }

    @Test
    void refusesWhatRfc8259RefusesAtTheRightByteOffset() {
        assertError("{\"a\": 1,}", 8, "expected a string key");
        assertError("[1, 2,]", 6, "expected a value");
        assertError("{\"a\": 01}", 7, "leading zero");
        assertError("{\"a\": NaN}", 6, "expected a value");
        assertError("{\"a\": 1} x", 9, "after the JSON value");
        assertError("{\"a\": 1, \"a\": 2}", 9, "duplicate key \"a\"");
        assertError("\"tab\there\"", 4, "control character");
        assertError("{\"é\": tru}", 7, "expected true"); // é is two bytes
        assertError("[1.]", 3, "after the decimal point");
        assertError("{\"a\" 1}", 5, "expected ':'");
        assertError("", 0, "end of input");
    }

    @Test
    void objectAccessorsNameTheFieldAndPlace() {
        JsonObject o = JsonObject.of(JsonReader.parse("{\"units\": \"ten\", \"shape\": [null, -3]}", "f"), "model.json: layers[1]");
        JsonException e = assertThrows(JsonException.class, () -> o.intValue("units"));
        assertEquals("model.json: layers[1]: field \"units\" must be an integer, got the string \"ten\"", e.getMessage());
        e = assertThrows(JsonException.class, () -> o.string("activation"));
        assertEquals("model.json: layers[1]: missing field \"activation\" (a string)", e.getMessage());
        e = assertThrows(JsonException.class, () -> o.intArray("shape"));
        assertTrue(e.getMessage().contains("\"shape\"[1] must be a non-negative integer or null, got -3"), e.getMessage());
    }

    @Test
    void writerRefusesNonFiniteNumbers() {
        JsonException e = assertThrows(JsonException.class, () -> JsonWriter.write(Map.of("loss", Double.NaN)));
        assertTrue(e.getMessage().contains("$.loss"), e.getMessage());
    }

    private static void assertError(String json, long offset, String fragment) {
        JsonException e = assertThrows(JsonException.class, () -> JsonReader.parse(json, "doc.json"));
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith("doc.json: ") && e.getMessage().contains(fragment)
                && e.getMessage().endsWith("at byte offset " + offset), e.getMessage());
    }
}
