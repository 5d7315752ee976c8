package dev.tensorlane.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An IDX file (or a dataset made of IDX files) is not what it must be: bad magic, unsupported type
 * code, impossible dimensions, too little or too much data, corrupt gzip, or values a dataset does
 * not allow. The message always starts with the file name and, where one applies, the byte offset
 * in the (decompressed) IDX stream: {@code "train-images-idx3-ubyte.gz: byte 0: bad magic ..."}.
 */
public final class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file; // Path is not serializable; the message keeps its name
    private final long offset;

    /** A problem found at byte {@code offset} of the decompressed IDX stream of {@code file}. */
    public IdxFormatException(Path file, long offset, String problem) {
        this(file, offset, problem, null);
    }

    /** As {@link #IdxFormatException(Path, long, String)}, keeping the underlying cause. */
    public IdxFormatException(Path file, long offset, String problem, Throwable cause) {
        super(fileName(file) + ": byte " + offset + ": " + problem, cause);
        this.file = file;
        this.offset = offset;
    }

    /** A problem with the file as a whole (no single byte to point at). */
    public IdxFormatException(Path file, String problem) {
        super(fileName(file) + ": " + problem);
        this.file = file;
        this.offset = -1;
    }

    private static String fileName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** Byte offset in the decompressed IDX stream, or -1 when the problem concerns the whole file. */
    public long offset() {
        return offset;
    }
}
