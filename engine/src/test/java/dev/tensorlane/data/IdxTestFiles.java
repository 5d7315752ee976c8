package dev.tensorlane.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Builds IDX byte streams by hand, including malformed ones, for the tests. */
final class IdxTestFiles {

    private IdxTestFiles() {
    }

    /** A big-endian IDX stream: the 4-byte {@code magic}, the int32 {@code dimensions}, then {@code data}. */
    static byte[] idx(int magic, int[] dimensions, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dimensions.length + data.length);
        buffer.putInt(magic);
        for (int d : dimensions) {
            buffer.putInt(d);
        }
        buffer.put(data);
        return buffer.array();
    }

    /** A valid unsigned-byte image stream with the given dimensions and data. */
    static byte[] images(int n, int rows, int cols, byte[] data) {
        return idx(0x00000803, new int[] {n, rows, cols}, data);
    }

    /** {@code bytes} compressed as one gzip member. */
    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code count} bytes {@code (seed + 7 * i) mod 256}. */
    static byte[] pattern(int count, int seed) {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            bytes[i] = (byte) (seed + 7 * i);
        }
        return bytes;
    }
}
