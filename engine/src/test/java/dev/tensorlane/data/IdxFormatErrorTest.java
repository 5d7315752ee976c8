package dev.tensorlane.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every malformed IDX file fails with an IdxFormatException naming the file and the byte offset. */
class IdxFormatErrorTest {

    @TempDir
    Path dir;

    /** Writes {@code idx} (gzipped if asked) to a file whose name says which, and reads it as images. */
    private IdxFormatException readImagesFails(byte[] idx, boolean gzip) throws IOException {
        Path file = dir.resolve(gzip ? "bad-images-idx3-ubyte.gz" : "bad-images-idx3-ubyte");
        Files.write(file, gzip ? IdxTestFiles.gzip(idx) : idx);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertTrue(e.getMessage().startsWith(file.getFileName() + ": "), e.getMessage());
        assertEquals(file, e.file());
        return e;
    }

    private static void assertMessageContains(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected \"" + part + "\" in: " + e.getMessage());
        }
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void wrongMagic(boolean gzip) throws IOException {
        IdxFormatException e = readImagesFails(IdxTestFiles.idx(0x12345678, new int[] {1, 1, 1}, new byte[1]), gzip);
        assertMessageContains(e, ": byte 0: bad magic 0x12345678, expected 0x00000803 (unsigned byte, 3 dimensions)");
        assertEquals(0, e.offset());
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void unsupportedTypeCodeIsNamed(boolean gzip) throws IOException {
        IdxFormatException e = readImagesFails(IdxTestFiles.idx(0x00000D03, new int[] {1, 1, 1}, new byte[4]), gzip);
        assertMessageContains(e, "byte 2: type code 0x0D (float32) is not supported, only 0x08 (unsigned byte)");
    }

    @Test
    void labelFileReadAsImagesHasWrongDimensionCount() throws IOException {
        IdxFormatException e = readImagesFails(IdxTestFiles.idx(0x00000801, new int[] {3}, new byte[3]), false);
        assertMessageContains(e, "byte 3: 1 dimensions, expected 3");
    }

    @Test
    void imageFileReadAsLabelsHasWrongDimensionCount() throws IOException {
        Path file = dir.resolve("labels");
        Files.write(file, IdxTestFiles.images(1, 1, 1, new byte[1]));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(file));
        assertMessageContains(e, "labels: byte 3: 3 dimensions, expected 1");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void emptyFile(boolean gzip) throws IOException {
        IdxFormatException e = readImagesFails(new byte[0], gzip);
        assertMessageContains(e, "byte 0: file ends inside the header");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void fileEndingInsideTheDimensions(boolean gzip) throws IOException {
        byte[] cut = Arrays.copyOf(IdxTestFiles.images(1, 2, 3, new byte[6]), 10);
        IdxFormatException e = readImagesFails(cut, gzip);
        assertMessageContains(e, "byte 10: file ends inside the header", "6 of 12 bytes");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void truncatedData(boolean gzip) throws IOException {
        byte[] idx = IdxTestFiles.images(3, 4, 4, new byte[48]);
        IdxFormatException e = readImagesFails(Arrays.copyOf(idx, idx.length - 5), gzip);
        assertMessageContains(e, "byte 59: data ends after 43 of the 48 bytes that dimensions 3 × 4 × 4 declare");
        assertEquals(59, e.offset());
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void trailingBytes(boolean gzip) throws IOException {
        byte[] idx = IdxTestFiles.images(3, 4, 4, new byte[48]);
        IdxFormatException e = readImagesFails(Arrays.copyOf(idx, idx.length + 2), gzip);
        assertMessageContains(e, "byte 64: unexpected bytes after the 48 bytes of data that dimensions 3 × 4 × 4 declare");
    }

    @Test
    void dimensionsTooLargeForTheData() throws IOException {
        IdxFormatException e = readImagesFails(IdxTestFiles.images(2, 3, 3, new byte[12]), false);
        assertMessageContains(e, "byte 28: data ends after 12 of the 18 bytes");
    }

    @Test
    void dimensionsTooSmallForTheData() throws IOException {
        IdxFormatException e = readImagesFails(IdxTestFiles.images(2, 2, 2, new byte[12]), true);
        assertMessageContains(e, "byte 24: unexpected bytes after the 8 bytes");
    }

    @Test
    void labelsWithTrailingBytes() throws IOException {
        Path file = dir.resolve("train-labels-idx1-ubyte.gz");
        Files.write(file, IdxTestFiles.gzip(IdxTestFiles.idx(0x00000801, new int[] {4}, new byte[5])));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(file));
        assertMessageContains(e, "train-labels-idx1-ubyte.gz: byte 12: unexpected bytes after the 4 bytes");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void negativeDimension(boolean gzip) throws IOException {
        IdxFormatException e = readImagesFails(IdxTestFiles.images(1, -28, 28, new byte[0]), gzip);
        assertMessageContains(e, "byte 8: dimension 1 is negative (-28)");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void hugeClaimedDimensionsAreRefusedBeforeReading(boolean gzip) throws IOException {
        byte[] idx = IdxTestFiles.images(1 << 30, 1 << 30, 28, new byte[100]);
        IdxFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> readImagesFails(idx, gzip));
        assertMessageContains(e, "byte 4: dimensions 1073741824 × 1073741824 × 28 claim 32281802128991715328 bytes",
                "more than the 2147483647");
    }

    @Test
    void dimensionsThatOverflowAnIntAreRefused() throws IOException {
        IdxFormatException e = readImagesFails(IdxTestFiles.images(65536, 32768, 1, new byte[0]), false);
        assertMessageContains(e, "claim 2147483648 bytes");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void largestAcceptedClaimWithLittleDataFailsAtTheEndOfTheFileWithoutAllocatingTheClaim(boolean gzip)
            throws IOException {
        // 46340 × 46340 = 2,147,395,600 bytes claimed (just under 2^31 - 1) while 1,000 are present
        byte[] idx = IdxTestFiles.images(1, 46340, 46340, new byte[1000]);
        IdxFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> readImagesFails(idx, gzip));
        assertMessageContains(e, "byte 1016: data ends after 1000 of the 2147395600 bytes");
    }

    @Test
    void corruptDeflateDataIsAGzipError() throws IOException {
        byte[] gz = IdxTestFiles.gzip(IdxTestFiles.images(2, 2, 2, new byte[8]));
        gz[10] = (byte) 0xff; // first deflate block: reserved block type 3
        Path file = dir.resolve("corrupt.gz");
        Files.write(file, gz);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertMessageContains(e, "corrupt.gz: byte 0: corrupt or truncated gzip data");
    }

    @Test
    void corruptGzipChecksumIsAGzipError() throws IOException {
        byte[] gz = IdxTestFiles.gzip(IdxTestFiles.images(2, 2, 2, IdxTestFiles.pattern(8, 5)));
        gz[gz.length - 8] ^= 0x55; // CRC-32 in the trailer
        Path file = dir.resolve("bad-crc");
        Files.write(file, gz);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertMessageContains(e, "bad-crc: byte 24: corrupt or truncated gzip data");
    }

    @Test
    void truncatedGzipStreamIsAGzipError() throws IOException {
        byte[] gz = IdxTestFiles.gzip(IdxTestFiles.images(10, 10, 10, IdxTestFiles.pattern(1000, 5)));
        Path file = dir.resolve("cut.gz");
        Files.write(file, Arrays.copyOf(gz, gz.length / 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertMessageContains(e, "cut.gz: byte ", "corrupt or truncated gzip data");
    }

    @Test
    void gzipMagicFollowedByGarbageIsAGzipHeaderError() throws IOException {
        Path file = dir.resolve("garbage.gz");
        Files.write(file, new byte[] {0x1f, (byte) 0x8b, 0x42, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(file));
        assertMessageContains(e, "garbage.gz: byte 0: corrupt gzip header");
    }

    @Test
    void missingFileIsAnIOExceptionNamingIt() {
        Path file = dir.resolve("absent-idx1-ubyte");
        IOException e = assertThrows(IOException.class, () -> Idx.readLabels(file));
        assertMessageContains(e, "absent-idx1-ubyte");
    }
}
