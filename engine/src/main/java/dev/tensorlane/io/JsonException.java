package dev.tensorlane.io;

/** Malformed JSON, or JSON of the wrong shape: the message names the source, and the byte offset when there is one. */
public final class JsonException extends IllegalArgumentException {

    private final long offset;

    /** A syntax error at {@code offset} bytes into {@code source}. */
    public JsonException(String source, long offset, String problem) {
        super(source + ": " + problem + " at byte offset " + offset);
        this.offset = offset;
    }

    /** A well-formed document whose content is wrong (a missing field, a wrong type). */
    public JsonException(String message) {
        super(message);
        this.offset = -1;
    }

    /** Byte offset of a syntax error, or -1 for a content error. */
    public long offset() {
        return offset;
    }
}
