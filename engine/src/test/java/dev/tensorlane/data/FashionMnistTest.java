package dev.tensorlane.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tensorlane.tensor.Tensor;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FashionMnist.load on a tiny fake dataset: 12 training and 4 test images of 28 × 28. */
class FashionMnistTest {

    private static final int PIXELS = 28 * 28;
    private static final int TRAIN = 12;
    private static final int TEST = 4;

    @TempDir
    Path dir;

    /** Image {@code i} of a set has every pixel equal to {@code base + i}; its label is {@code i % 10}. */
    private static byte[] images(int count, int base) {
        byte[] pixels = new byte[count * PIXELS];
        for (int i = 0; i < count; i++) {
            java.util.Arrays.fill(pixels, i * PIXELS, (i + 1) * PIXELS, (byte) (base + i));
        }
        return pixels;
    }

    private static byte[] labels(int count) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        return labels;
    }

    @BeforeEach
    void writeFakeDataset() throws IOException {
        // mixed on purpose: two gzip files and two raw ones
        Idx.writeImages(dir.resolve("train-images-idx3-ubyte.gz"), images(TRAIN, 100), TRAIN, 28, 28, true);
        Idx.writeLabels(dir.resolve("train-labels-idx1-ubyte"), labels(TRAIN), false);
        Idx.writeImages(dir.resolve("t10k-images-idx3-ubyte"), images(TEST, 200), TEST, 28, 28, false);
        Idx.writeLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"), labels(TEST), true);
    }

    private static void assertImages(Tensor images, int count, int firstValue) {
        assertArrayEquals(new int[] {count, 28, 28}, images.shape());
        for (int i = 0; i < count; i++) {
            assertEquals(firstValue + i, images.get(i, 0), "image " + i + " first pixel");
            assertEquals(firstValue + i, images.get(i, PIXELS - 1), "image " + i + " last pixel");
        }
    }

    @Test
    void validationSetIsTheFirstTrainingImages() throws IOException {
        try (FashionMnist data = FashionMnist.load(dir, 5)) {
            assertImages(data.xValid(), 5, 100);
            assertImages(data.xTrain(), 7, 105);
            assertImages(data.xTest(), 4, 200);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, data.yValid());
            assertArrayEquals(new int[] {5, 6, 7, 8, 9, 0, 1}, data.yTrain());
            assertArrayEquals(new int[] {0, 1, 2, 3}, data.yTest());
        }
    }

    @Test
    void validationSizeMayBeZeroOrTheWholeTrainingSet() throws IOException {
        try (FashionMnist none = FashionMnist.load(dir, 0); FashionMnist all = FashionMnist.load(dir, TRAIN)) {
            assertImages(none.xTrain(), TRAIN, 100);
            assertEquals(0, none.xValid().size());
            assertImages(all.xValid(), TRAIN, 100);
            assertEquals(0, all.xTrain().size());
        }
    }

    @Test
    void validationSizeLargerThanTheTrainingSetIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FashionMnist.load(dir, 13));
        assertEquals("train-images-idx3-ubyte.gz holds 12 images, fewer than the validation size 13", e.getMessage());
    }

    @Test
    void defaultValidationSizeNeedsAtLeast5000TrainingImages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("fewer than the validation size 5000"), e.getMessage());
    }

    @Test
    void negativeValidationSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FashionMnist.load(dir, -1));
    }

    @Test
    void labelArraysCannotBeChangedFromOutside() throws IOException {
        try (FashionMnist data = FashionMnist.load(dir, 5)) {
            data.yTrain()[0] = 42;
            assertEquals(5, data.yTrain()[0]);
        }
    }

    @Test
    void closeFreesEveryTensor() throws IOException {
        FashionMnist data = FashionMnist.load(dir, 5);
        data.close();
        assertFalse(data.xTrain().isAlive());
        assertFalse(data.xValid().isAlive());
        assertFalse(data.xTest().isAlive());
    }

    @Test
    void labelCountDifferentFromImageCount() throws IOException {
        Idx.writeLabels(dir.resolve("train-labels-idx1-ubyte"), labels(TRAIN - 1), false);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(dir, 5));
        assertEquals("train-labels-idx1-ubyte: holds 11 labels but train-images-idx3-ubyte.gz holds 12 images",
                e.getMessage());
    }

    @Test
    void labelValueOutsideTheTenClasses() throws IOException {
        byte[] labels = labels(TEST);
        labels[3] = 10;
        Idx.writeLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"), labels, true);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(dir, 5));
        assertTrue(e.getMessage().startsWith("t10k-labels-idx1-ubyte.gz: byte 11: label 3 is 10, expected 0..9"),
                e.getMessage());
    }

    @Test
    void testImagesOfAnotherSizeAreRefused() throws IOException {
        Idx.writeImages(dir.resolve("t10k-images-idx3-ubyte"), new byte[TEST * 27 * 28], TEST, 27, 28, false);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(dir, 5));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte: byte 8: images are 27 × 28 but those of "
                + "train-images-idx3-ubyte.gz are 28 × 28"), e.getMessage());
    }

    @Test
    void missingFileNamesTheDirectoryAndTheExpectedFiles() throws IOException {
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> FashionMnist.load(dir, 5));
        String message = e.getMessage();
        assertTrue(message.startsWith(dir.toString()), message);
        assertTrue(message.contains("lacks t10k-labels-idx1-ubyte (raw or .gz)"), message);
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            assertTrue(message.contains(name), message);
        }
    }

    @Test
    void missingDirectory() {
        Path absent = dir.resolve("no-such-dir");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> FashionMnist.load(absent, 5));
        assertTrue(e.getMessage().startsWith(absent + ": Fashion-MNIST directory does not exist"), e.getMessage());
    }

    @Test
    void aRegularFileInsteadOfADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        IOException e = assertThrows(IOException.class, () -> FashionMnist.load(file, 5));
        assertTrue(e.getMessage().contains("not-a-dir"), e.getMessage());
    }

    @Test
    void bothRawAndGzipVersionsOfAFileAreAmbiguous() throws IOException {
        Idx.writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), labels(TRAIN), true);
        FileSystemException e = assertThrows(FileSystemException.class, () -> FashionMnist.load(dir, 5));
        assertTrue(e.getMessage().contains("both exist"), e.getMessage());
    }

    @Test
    void malformedFileInsideTheDatasetIsReportedWithItsName() throws IOException {
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0});
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(dir, 5));
        assertTrue(e.getMessage().startsWith("t10k-images-idx3-ubyte: byte 6: file ends inside the header"),
                e.getMessage());
    }

    @Test
    void classNamesAreTheTenKerasTutorialNames() {
        assertEquals(java.util.List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                "Sneaker", "Bag", "Ankle boot"), FashionMnist.CLASS_NAMES);
    }
}
