package dev.tensorlane.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and checks a whole IDX file of unsigned bytes. The data is read in chunks of at most
 * {@link ByteChunks#CHUNK_BYTES}, so memory grows only with the bytes actually present: a header
 * claiming more than the file holds fails at the end of the file, not with an OutOfMemoryError.
 */
final class IdxReader {

    private IdxReader() {
    }

    /**
     * Reads {@code file} (raw or gzip), which must hold unsigned bytes in {@code dimensionCount}
     * dimensions (named by {@code dimensionNames} in errors) followed by exactly the data they declare.
     */
    static IdxContent read(Path file, int dimensionCount, String dimensionNames) throws IOException {
        return read(IdxInput.open(file), dimensionCount, dimensionNames);
    }

    /** As {@link #read(Path, int, String)} for a file's bytes already in memory. */
    static IdxContent read(byte[] bytes, Path name, int dimensionCount, String dimensionNames) throws IOException {
        return read(IdxInput.of(bytes, name), dimensionCount, dimensionNames);
    }

    private static IdxContent read(IdxInput input, int dimensionCount, String dimensionNames) throws IOException {
        try (IdxInput in = input) {
            IdxHeader header = IdxHeader.read(in, dimensionCount, dimensionNames);
            return new IdxContent(header, readData(in, header));
        }
    }

    private static ByteChunks readData(IdxInput in, IdxHeader header) throws IOException {
        long expected = header.dataBytes();
        List<byte[]> chunks = new ArrayList<>();
        long read = 0;
        while (read < expected) {
            byte[] chunk = new byte[(int) Math.min(ByteChunks.CHUNK_BYTES, expected - read)];
            int n = in.readUpTo(chunk, 0, chunk.length);
            read += n;
            if (n < chunk.length) {
                throw new IdxFormatException(in.file(), in.position(), "data ends after " + read + " of the "
                        + expected + " bytes that dimensions " + header.describeDimensions()
                        + " declare (truncated file, or dimensions too large)");
            }
            chunks.add(chunk);
        }
        if (in.hasMore()) {
            throw new IdxFormatException(in.file(), in.position(), "unexpected bytes after the " + expected
                    + " bytes of data that dimensions " + header.describeDimensions()
                    + " declare (trailing data, or dimensions too small)");
        }
        return new ByteChunks(chunks);
    }
}
