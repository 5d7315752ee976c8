package dev.tensorlane.io;

import java.util.List;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers, booleans and null as JSON, in the layout Python's
 * {@code json.dumps} uses by default (and so Keras's {@code to_json}): {@code ", "} between items,
 * {@code ": "} after keys, no newlines. Floats are written in their shortest form so that
 * {@code 0.99f} reads back as {@code 0.99}; NaN and infinities are refused (JSON has none).
 */
public final class JsonWriter {

    private JsonWriter() {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, "$");
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, String path) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(s, out);
            case Boolean b -> out.append(b);
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Float f -> number(Double.parseDouble(Float.toString(f)), out, path);
            case Double d -> number(d, out, path);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new JsonException("JSON object keys must be strings; got " + e.getKey() + " at " + path);
                    }
                    if (!first) {
                        out.append(", ");
                    }
                    first = false;
                    string(key, out);
                    out.append(": ");
                    write(e.getValue(), out, path + "." + key);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    write(list.get(i), out, path + "[" + i + "]");
                }
                out.append(']');
            }
            case int[] ints -> write(java.util.Arrays.stream(ints).boxed().toList(), out, path);
            default -> throw new JsonException("cannot write a " + value.getClass().getName() + " as JSON at " + path);
        }
    }

    private static void number(double d, StringBuilder out, String path) {
        if (!Double.isFinite(d)) {
            throw new JsonException("JSON has no " + d + " (at " + path + ")");
        }
        out.append(d);
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
