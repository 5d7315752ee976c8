package dev.tensorlane.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tensorlane.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading and writing valid IDX files, raw and gzip. */
class IdxTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void imagesRoundTripAsFloatsZeroTo255(boolean gzip) throws IOException {
        byte[] pixels = IdxTestFiles.pattern(3 * 4 * 5, 250);
        Path file = dir.resolve("images");
        Idx.writeImages(file, pixels, 3, 4, 5, gzip);

        try (Tensor images = Idx.readImages(file)) {
            assertArrayEquals(new int[] {3, 4, 5}, images.shape());
            float[] values = images.toArray();
            for (int i = 0; i < pixels.length; i++) {
                assertEquals(pixels[i] & 0xff, values[i], "pixel " + i);
            }
        }
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void labelsRoundTripIncludingValuesAbove9(boolean gzip) throws IOException {
        byte[] labels = {0, 9, 3, (byte) 200, (byte) 255, 10};
        Path file = dir.resolve("labels");
        Idx.writeLabels(file, labels, gzip);

        assertArrayEquals(new int[] {0, 9, 3, 200, 255, 10}, Idx.readLabels(file));
    }

    @Test
    void gzipIsDetectedByContentNotByName() throws IOException {
        byte[] pixels = IdxTestFiles.pattern(2 * 2 * 2, 1);
        Path gzipWithoutSuffix = dir.resolve("images-idx3-ubyte");
        Path rawWithGzSuffix = dir.resolve("images-idx3-ubyte.gz");
        Files.write(gzipWithoutSuffix, IdxTestFiles.gzip(IdxTestFiles.images(2, 2, 2, pixels)));
        Files.write(rawWithGzSuffix, IdxTestFiles.images(2, 2, 2, pixels));

        try (Tensor a = Idx.readImages(gzipWithoutSuffix); Tensor b = Idx.readImages(rawWithGzSuffix)) {
            assertArrayEquals(a.toArray(), b.toArray());
            assertEquals(8f, a.get(1));
        }
    }

    @Test
    void writtenFilesHaveTheStandardLayout() throws IOException {
        Path file = dir.resolve("t");
        Idx.writeImages(file, new byte[] {1, 2, 3, 4, 5, 6}, 1, 2, 3, false);
        byte[] expected = {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6};
        assertArrayEquals(expected, Files.readAllBytes(file));

        Idx.writeLabels(file, new byte[] {7, 8}, false);
        assertArrayEquals(new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 7, 8}, Files.readAllBytes(file));
    }

    @Test
    void gzipOutputStartsWithTheGzipMagic() throws IOException {
        Path file = dir.resolve("labels");
        Idx.writeLabels(file, new byte[] {1}, true);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(0x1f, bytes[0] & 0xff);
        assertEquals(0x8b, bytes[1] & 0xff);
    }

    @Test
    void emptyImageSetReadsAsEmptyTensor() throws IOException {
        Path file = dir.resolve("none");
        Idx.writeImages(file, new byte[0], 0, 28, 28, true);
        try (Tensor images = Idx.readImages(file)) {
            assertArrayEquals(new int[] {0, 28, 28}, images.shape());
        }
    }

    @Test
    void dataLargerThanOneChunkIsReadCompletely() throws IOException {
        int n = 1500; // 1500 × 28 × 28 = 1,176,000 bytes: more than one 1 MiB chunk
        byte[] pixels = IdxTestFiles.pattern(n * 28 * 28, 3);
        Path file = dir.resolve("big.gz");
        Idx.writeImages(file, pixels, n, 28, 28, true);
        try (Tensor images = Idx.readImages(file)) {
            float[] values = images.toArray();
            for (int i = 0; i < pixels.length; i++) {
                if (values[i] != (pixels[i] & 0xff)) {
                    throw new AssertionError("pixel " + i + ": " + values[i] + " != " + (pixels[i] & 0xff));
                }
            }
        }
    }

    @Test
    void writingReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("labels");
        Idx.writeLabels(file, new byte[] {1, 2, 3}, false);
        Idx.writeLabels(file, new byte[] {4}, true);

        assertArrayEquals(new int[] {4}, Idx.readLabels(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void writingRejectsPixelCountThatDisagreesWithDimensions() {
        Path file = dir.resolve("images.gz");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Idx.writeImages(file, new byte[5], 2, 2, 2, true));
        assertTrue(e.getMessage().contains("images.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("8 bytes but 5"), e.getMessage());
        assertTrue(Files.notExists(file));
    }

    @Test
    void writingRejectsNegativeDimensions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Idx.writeImages(dir.resolve("x"), new byte[0], -1, 2, 0, false));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
    }
}
