package dev.tensorlane.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The byte stream of one IDX file, gunzipped when the file starts with the gzip magic 1f 8b
 * (whatever its name), that knows its position in the decompressed stream and turns gzip
 * failures into {@link IdxFormatException}s naming the file and that position.
 */
final class IdxInput implements AutoCloseable {

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int BUFFER_BYTES = 1 << 16;

    private final Path file;
    private final InputStream in;
    private final boolean gzip;
    private long position;

    private IdxInput(Path file, InputStream in, boolean gzip) {
        this.file = file;
        this.in = in;
        this.gzip = gzip;
    }

    /** Opens {@code file}, detecting gzip by its first two bytes. */
    static IdxInput open(Path file) throws IOException {
        return wrap(file, new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES));
    }

    /** The IDX stream held in {@code bytes}; {@code name} names it in errors. */
    static IdxInput of(byte[] bytes, Path name) throws IOException {
        return wrap(name, new BufferedInputStream(new ByteArrayInputStream(bytes), BUFFER_BYTES));
    }

    private static IdxInput wrap(Path file, BufferedInputStream raw) throws IOException {
        try {
            raw.mark(2);
            boolean gzip = raw.read() == GZIP_MAGIC_1 && raw.read() == GZIP_MAGIC_2;
            raw.reset();
            if (!gzip) {
                return new IdxInput(file, raw, false);
            }
            try {
                return new IdxInput(file, new GZIPInputStream(raw, BUFFER_BYTES), true);
            } catch (ZipException | EOFException badHeader) {
                throw new IdxFormatException(file, 0, "corrupt gzip header: " + badHeader.getMessage(), badHeader);
            }
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    Path file() {
        return file;
    }

    boolean isGzip() {
        return gzip;
    }

    /** Offset in the decompressed stream of the next byte to be read. */
    long position() {
        return position;
    }

    /**
     * Reads up to {@code length} bytes into {@code buffer}, stopping early only at the end of the
     * stream; returns how many were read.
     */
    int readUpTo(byte[] buffer, int offset, int length) throws IdxFormatException, IOException {
        int total = 0;
        try {
            while (total < length) {
                int n = in.read(buffer, offset + total, length - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (ZipException | EOFException corrupt) {
            throw corruptGzip(position + total, corrupt);
        }
        position += total;
        return total;
    }

    /** Whether at least one more byte follows (reading it, which also checks a gzip trailer). */
    boolean hasMore() throws IOException {
        try {
            return in.read() >= 0;
        } catch (ZipException | EOFException corrupt) {
            throw corruptGzip(position, corrupt);
        }
    }

    private IdxFormatException corruptGzip(long at, IOException cause) {
        return new IdxFormatException(file, at, "corrupt or truncated gzip data (" + cause.getMessage() + ")", cause);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
