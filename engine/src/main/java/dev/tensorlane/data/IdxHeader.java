package dev.tensorlane.data;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The header of an IDX file of unsigned bytes: the magic (two zero bytes, type code 0x08, number of
 * dimensions) and the big-endian int32 dimensions. Parsing checks everything that can be checked
 * before the data is read, including that the data fits in {@link #MAX_DATA_BYTES}.
 */
record IdxHeader(Path file, int[] dimensions) {

    /** The only type code supported: unsigned byte. */
    static final int UNSIGNED_BYTE = 0x08;

    /** Largest amount of data accepted (the largest Java array), refused before anything is read. */
    static final long MAX_DATA_BYTES = Integer.MAX_VALUE;

    /** Magic number of an unsigned-byte IDX file with {@code dimensionCount} dimensions. */
    static int magic(int dimensionCount) {
        return UNSIGNED_BYTE << 8 | dimensionCount;
    }

    /** Reads and checks the header, which must declare unsigned bytes in {@code expectedDimensions} dimensions. */
    static IdxHeader read(IdxInput in, int expectedDimensions, String dimensionNames) throws IOException {
        Path file = in.file();
        byte[] magic = readExactly(in, 4, "the 4-byte magic number");
        int found = (magic[0] & 0xff) << 24 | (magic[1] & 0xff) << 16 | (magic[2] & 0xff) << 8 | magic[3] & 0xff;
        int expected = magic(expectedDimensions);
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(file, 0, String.format(
                    "bad magic 0x%08X, expected 0x%08X (unsigned byte, %d dimensions)%s",
                    found, expected, expectedDimensions, in.isGzip() ? "" : gzipHint(magic)));
        }
        int typeCode = magic[2] & 0xff;
        if (typeCode != UNSIGNED_BYTE) {
            throw new IdxFormatException(file, 2, String.format(
                    "type code 0x%02X (%s) is not supported, only 0x%02X (unsigned byte)",
                    typeCode, typeName(typeCode), UNSIGNED_BYTE));
        }
        int dimensionCount = magic[3] & 0xff;
        if (dimensionCount != expectedDimensions) {
            throw new IdxFormatException(file, 3, String.format(
                    "%d dimensions, expected %d (%s): magic 0x%08X, expected 0x%08X",
                    dimensionCount, expectedDimensions, dimensionNames, found, expected));
        }
        byte[] raw = readExactly(in, 4 * dimensionCount, "the " + dimensionCount + " dimensions");
        int[] dimensions = new int[dimensionCount];
        long dataBytes = 1;
        for (int i = 0; i < dimensionCount; i++) {
            int at = 4 * i;
            dimensions[i] = (raw[at] & 0xff) << 24 | (raw[at + 1] & 0xff) << 16 | (raw[at + 2] & 0xff) << 8 | raw[at + 3] & 0xff;
            if (dimensions[i] < 0) {
                throw new IdxFormatException(file, 4 + at, "dimension " + i + " is negative ("
                        + dimensions[i] + "), read as a big-endian int32");
            }
            // both factors are at most 2^31 - 1, so the product cannot overflow a long
            dataBytes = Math.min(dataBytes * dimensions[i], MAX_DATA_BYTES + 1);
        }
        IdxHeader header = new IdxHeader(file, dimensions);
        if (dataBytes > MAX_DATA_BYTES) {
            throw new IdxFormatException(file, 4, "dimensions " + header.describeDimensions() + " claim "
                    + exactProduct(dimensions) + " bytes of data, more than the " + MAX_DATA_BYTES
                    + " this reader accepts");
        }
        return header;
    }

    private static byte[] readExactly(IdxInput in, int length, String what) throws IOException {
        byte[] bytes = new byte[length];
        long start = in.position();
        int read = in.readUpTo(bytes, 0, length);
        if (read < length) {
            throw new IdxFormatException(in.file(), start + read, "file ends inside the header, while reading "
                    + what + " (" + read + " of " + length + " bytes present)");
        }
        return bytes;
    }

    private static String gzipHint(byte[] magic) {
        return magic[0] == 0x1f && (magic[1] & 0xff) == 0x8b ? "" : "; neither an IDX file nor gzip";
    }

    private static String exactProduct(int[] dimensions) {
        BigInteger product = BigInteger.ONE;
        for (int d : dimensions) {
            product = product.multiply(BigInteger.valueOf(d));
        }
        return product.toString();
    }

    /** Human name of an IDX type code. */
    static String typeName(int typeCode) {
        return switch (typeCode) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "int16";
            case 0x0C -> "int32";
            case 0x0D -> "float32";
            case 0x0E -> "float64";
            default -> "not an IDX type code";
        };
    }

    /** Size of the header in bytes: the data starts here. */
    long headerBytes() {
        return 4 + 4L * dimensions.length;
    }

    /** Number of data bytes the dimensions declare (at most {@link #MAX_DATA_BYTES}). */
    long dataBytes() {
        long product = 1;
        for (int d : dimensions) {
            product *= d;
        }
        return product;
    }

    /** The dimensions as {@code "60000 × 28 × 28"}. */
    String describeDimensions() {
        return Arrays.stream(dimensions).mapToObj(Integer::toString).collect(Collectors.joining(" × "));
    }

    @Override
    public int[] dimensions() {
        return dimensions.clone();
    }

    int dimension(int axis) {
        return dimensions[axis];
    }
}
