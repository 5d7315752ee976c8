package dev.tensorlane.data;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Bytes held as a list of fixed-size chunks (the last one may be shorter), so that a reader can
 * grow its buffer only as fast as the file actually delivers data instead of trusting a size
 * claimed by a header.
 */
final class ByteChunks {

    /** log2 of {@link #CHUNK_BYTES}. */
    static final int CHUNK_SHIFT = 20;

    /** Size of every chunk but the last: 1 MiB. */
    static final int CHUNK_BYTES = 1 << CHUNK_SHIFT;

    private static final long CHUNK_MASK = CHUNK_BYTES - 1;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** Floats converted per bulk copy: small enough (16 KiB) to stay in the L1/L2 cache. */
    private static final int CONVERT_BLOCK = 4096;

    private final List<byte[]> chunks;
    private final long length;

    /** Wraps {@code chunks}, each {@link #CHUNK_BYTES} long except possibly the last. */
    ByteChunks(List<byte[]> chunks) {
        long total = 0;
        for (int i = 0; i < chunks.size(); i++) {
            int size = chunks.get(i).length;
            if (i < chunks.size() - 1 && size != CHUNK_BYTES) {
                throw new IllegalArgumentException("chunk " + i + " holds " + size + " bytes, expected " + CHUNK_BYTES);
            }
            total += size;
        }
        this.chunks = List.copyOf(chunks);
        this.length = total;
    }

    long length() {
        return length;
    }

    /**
     * Writes bytes {@code [from, from + count)}, read as unsigned (0..255), as float32 values into
     * {@code target} from its byte 0: one array conversion and one bulk copy per piece.
     */
    void copyUnsignedAsFloats(long from, long count, MemorySegment target) {
        if (from < 0 || count < 0 || from + count > length) {
            throw new IndexOutOfBoundsException("bytes [" + from + ", " + (from + count) + ") of " + length);
        }
        if (target.byteSize() < count * Float.BYTES) {
            throw new IllegalArgumentException("target of " + target.byteSize() + " bytes cannot hold " + count + " floats");
        }
        float[] floats = new float[(int) Math.min(CONVERT_BLOCK, count)];
        long done = 0;
        while (done < count) {
            long position = from + done;
            byte[] chunk = chunks.get((int) (position >>> CHUNK_SHIFT));
            int start = (int) (position & CHUNK_MASK);
            int n = (int) Math.min(Math.min(count - done, chunk.length - start), floats.length);
            for (int i = 0; i < n; i++) {
                floats[i] = chunk[start + i] & 0xff;
            }
            MemorySegment.copy(floats, 0, target, FLOAT, done * Float.BYTES, n);
            done += n;
        }
    }

    /** All bytes, read as unsigned (0..255), as ints. */
    int[] toUnsignedInts() {
        int[] values = new int[Math.toIntExact(length)];
        int at = 0;
        for (byte[] chunk : chunks) {
            for (byte b : chunk) {
                values[at++] = b & 0xff;
            }
        }
        return values;
    }
}
