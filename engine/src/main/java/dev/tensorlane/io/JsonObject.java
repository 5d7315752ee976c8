package dev.tensorlane.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, checked access to one parsed JSON object. {@code where} says where the object sits
 * (e.g. {@code model.json: layers[3] (dense_2).config}) so that every error names the file,
 * the place and the field.
 */
public final class JsonObject {

    private final Map<String, Object> fields;
    private final String where;

    public JsonObject(Map<String, Object> fields, String where) {
        this.fields = fields;
        this.where = where;
    }

    /** {@code value} as an object, or a JsonException naming {@code where}. */
    @SuppressWarnings("unchecked")
    public static JsonObject of(Object value, String where) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new JsonException(where + ": expected a JSON object, got " + typeOf(value));
        }
        return new JsonObject((Map<String, Object>) map, where);
    }

    public String where() {
        return where;
    }

    public boolean has(String key) {
        return fields.containsKey(key) && fields.get(key) != null;
    }

    public Set<String> keys() {
        return fields.keySet();
    }

    public Object raw(String key) {
        return fields.get(key);
    }

    public String string(String key) {
        return require(key, String.class, "a string");
    }

    /** The string at {@code key}, or {@code fallback} when the key is absent or null. */
    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    public double number(String key) {
        return require(key, Number.class, "a number").doubleValue();
    }

    public double number(String key, double fallback) {
        return has(key) ? number(key) : fallback;
    }

    public long integer(String key) {
        Object v = require(key, Number.class, "an integer");
        if (!(v instanceof Long l)) {
            throw new JsonException(where + ": field \"" + key + "\" must be an integer, got " + v);
        }
        return l;
    }

    public int intValue(String key) {
        long v = integer(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new JsonException(where + ": field \"" + key + "\" is out of int range: " + v);
        }
        return (int) v;
    }

    public boolean bool(String key, boolean fallback) {
        return has(key) ? require(key, Boolean.class, "true or false") : fallback;
    }

    public JsonObject object(String key) {
        return of(require(key, Map.class, "an object"), where + "." + key);
    }

    public List<Object> array(String key) {
        List<?> list = require(key, List.class, "an array");
        return new ArrayList<>(list);
    }

    /** An array of integers in which {@code null} (Keras's batch dimension) reads as -1. */
    public int[] intArray(String key) {
        List<Object> list = array(key);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = list.get(i);
            if (v == null) {
                out[i] = -1;
            } else if (v instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) {
                out[i] = (int) (long) l;
            } else {
                throw new JsonException(where + ": field \"" + key + "\"[" + i + "] must be a non-negative integer or null, got " + v);
            }
        }
        return out;
    }

    private <T> T require(String key, Class<T> type, String expected) {
        Object v = fields.get(key);
        if (v == null) {
            throw new JsonException(where + ": missing field \"" + key + "\" (" + expected + ")");
        }
        if (!type.isInstance(v)) {
            throw new JsonException(where + ": field \"" + key + "\" must be " + expected + ", got " + typeOf(v));
        }
        return type.cast(v);
    }

    static String typeOf(Object v) {
        return switch (v) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "the string \"" + s + "\"";
            default -> v.toString();
        };
    }
}
