package dev.tensorlane.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files of unsigned bytes, raw or gzip. The file appears complete or not at all: the
 * bytes go to a temporary file in the same directory, which is then renamed atomically.
 */
final class IdxWriter {

    private static final int BUFFER_BYTES = 1 << 16;

    private IdxWriter() {
    }

    /** Writes {@code data} (exactly the product of {@code dimensions} bytes) as an IDX file. */
    static void write(Path file, int[] dimensions, byte[] data, boolean gzip) throws IOException {
        checkShape(file, dimensions, data.length);
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp");
        try {
            try (DataOutputStream out = new DataOutputStream(open(temporary, gzip))) {
                out.writeInt(IdxHeader.magic(dimensions.length));
                for (int d : dimensions) {
                    out.writeInt(d);
                }
                out.write(data);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        try {
            return gzip ? new GZIPOutputStream(out, BUFFER_BYTES) : new BufferedOutputStream(out, BUFFER_BYTES);
        } catch (IOException e) {
            out.close();
            throw e;
        }
    }

    private static void checkShape(Path file, int[] dimensions, int dataLength) {
        if (dimensions.length == 0 || dimensions.length > 255) {
            throw new IllegalArgumentException(file.getFileName() + ": an IDX file has 1 to 255 dimensions, not "
                    + dimensions.length);
        }
        long product = 1;
        for (int d : dimensions) {
            if (d < 0) {
                throw new IllegalArgumentException(file.getFileName() + ": negative dimension in "
                        + Arrays.toString(dimensions));
            }
            product = Math.multiplyExact(product, d);
        }
        if (product != dataLength) {
            throw new IllegalArgumentException(file.getFileName() + ": dimensions " + Arrays.toString(dimensions)
                    + " declare " + product + " bytes but " + dataLength + " were given");
        }
    }
}
