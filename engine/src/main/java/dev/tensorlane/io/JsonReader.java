package dev.tensorlane.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON (RFC 8259) parser over UTF-8 bytes. Objects become insertion-ordered
 * {@code Map<String, Object>}s, arrays {@code List<Object>}s, numbers {@code Long} when they are
 * integers that fit and {@code Double} otherwise, then {@code String}, {@code Boolean} and
 * {@code null}. It refuses what RFC 8259 refuses (trailing commas, leading zeros, NaN, comments,
 * control characters in strings, trailing content), malformed UTF-8 in strings, duplicate keys and
 * nesting deeper than 512; every error names the
 * source and the byte offset.
 */
public final class JsonReader {

    private static final int MAX_DEPTH = 512;

    private final byte[] bytes;
    private final String source;
    private final long baseOffset;
    private int pos;
    private int depth;

    private JsonReader(byte[] bytes, String source, long baseOffset) {
        this.bytes = bytes;
        this.source = source;
        this.baseOffset = baseOffset;
    }

    /** Parses one JSON value filling all of {@code bytes}; {@code source} names it in errors (a file name). */
    public static Object parse(byte[] bytes, String source) {
        return parse(bytes, source, 0);
    }

    /**
     * As {@link #parse(byte[], String)} for JSON that starts {@code baseOffset} bytes into its file
     * (a safetensors header starts at byte 8), so that errors give the offset in the file.
     */
    public static Object parse(byte[] bytes, String source, long baseOffset) {
        JsonReader reader = new JsonReader(bytes, source, baseOffset);
        reader.skipWhitespace();
        Object value = reader.value();
        reader.skipWhitespace();
        if (reader.pos != bytes.length) {
            throw reader.error("unexpected " + reader.describeCurrent() + " after the JSON value");
        }
        return value;
    }

    public static Object parse(String text, String source) {
        return parse(text.getBytes(StandardCharsets.UTF_8), source);
    }

    private Object value() {
        if (pos >= bytes.length) {
            throw error("unexpected end of input, expected a value");
        }
        return switch (bytes[pos]) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (bytes[pos] == '-' || (bytes[pos] >= '0' && bytes[pos] <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describeCurrent() + ", expected a value");
            }
        };
    }

    private Map<String, Object> object() {
        enter();
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("unexpected " + describeCurrent() + ", expected a string key");
            }
            int keyOffset = pos;
            String key = string();
            if (map.containsKey(key)) {
                pos = keyOffset;
                throw error("duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            map.put(key, value());
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect('}');
            depth--;
            return map;
        }
    }

    private List<Object> array() {
        enter();
        pos++;
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value());
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect(']');
            depth--;
            return Collections.unmodifiableList(list);
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        int runStart = pos;
        while (true) {
            if (pos >= bytes.length) {
                throw error("unterminated string");
            }
            int b = bytes[pos] & 0xff;
            if (b == '"') {
                out.append(utf8(runStart, pos));
                pos++;
                return out.toString();
            }
            if (b < 0x20) {
                throw error("control character 0x" + Integer.toHexString(b) + " in a string (escape it)");
            }
            if (b == '\\') {
                out.append(utf8(runStart, pos));
                pos++;
                out.append(escape());
                runStart = pos;
                continue;
            }
            pos++;
        }
    }

    /** Bytes {@code [from, to)} as UTF-8, refusing malformed sequences (RFC 8259 requires UTF-8). */
    private String utf8(int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            pos = from;
            throw error("string is not valid UTF-8");
        }
    }

    private String escape() {
        if (pos >= bytes.length) {
            throw error("unterminated escape");
        }
        byte c = bytes[pos++];
        return switch (c) {
            case '"' -> "\"";
            case '\\' -> "\\";
            case '/' -> "/";
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            case 'u' -> String.valueOf(hex4());
            default -> {
                pos--;
                throw error("invalid escape \\" + (char) c);
            }
        };
    }

    private char hex4() {
        if (pos + 4 > bytes.length) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(bytes[pos], 16);
            if (d < 0) {
                throw error("invalid hex digit in \\u escape");
            }
            v = v * 16 + d;
            pos++;
        }
        return (char) v;
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in a number");
            }
        } else {
            digits("a digit");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            digits("a digit after the decimal point");
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits("a digit in the exponent");
        }
        String text = new String(bytes, start, pos - start, StandardCharsets.US_ASCII);
        if (integral) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLong) {
                // falls through to a double, as other readers do
            }
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            pos = start;
            throw error("number " + text + " is out of range");
        }
        return d;
    }

    private void digits(String what) {
        if (!isDigit(peek())) {
            throw error("unexpected " + describeCurrent() + ", expected " + what);
        }
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) {
        for (int i = 0; i < word.length(); i++) {
            if (pos + i >= bytes.length || bytes[pos + i] != word.charAt(i)) {
                throw error("invalid literal, expected " + word);
            }
        }
        pos += word.length();
        return value;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("unexpected " + describeCurrent() + ", expected '" + c + "'");
        }
        pos++;
    }

    /** The current byte, or -1 at the end. */
    private int peek() {
        return pos < bytes.length ? bytes[pos] & 0xff : -1;
    }

    private void skipWhitespace() {
        while (pos < bytes.length && (bytes[pos] == ' ' || bytes[pos] == '\t' || bytes[pos] == '\n' || bytes[pos] == '\r')) {
            pos++;
        }
    }

    private String describeCurrent() {
        int c = peek();
        if (c < 0) {
            return "end of input";
        }
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : "byte 0x" + Integer.toHexString(c);
    }

    private JsonException error(String problem) {
        return new JsonException(source, baseOffset + pos, problem);
    }
}
