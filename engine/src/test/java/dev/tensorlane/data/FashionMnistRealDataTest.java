package dev.tensorlane.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

/** Loads the real Fashion-MNIST when it is installed (skipped otherwise). */
class FashionMnistRealDataTest {

    private static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The first {@code count} labels of a gzip label file, read independently of Idx. */
    private static int[] firstLabels(Path file, int count) throws IOException {
        try (InputStream gz = new GZIPInputStream(Files.newInputStream(file));
             DataInputStream in = new DataInputStream(gz)) {
            assertEquals(0x00000801, in.readInt());
            in.readInt();
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        }
    }

    @Test
    void loadsTheKerasSplitAndItsStatistics() throws IOException {
        assumeTrue(Files.isDirectory(DIR), DIR + " is not installed");
        int[] firstTrainLabels = firstLabels(DIR.resolve("train-labels-idx1-ubyte.gz"), 5_010);
        int[] firstTestLabels = firstLabels(DIR.resolve("t10k-labels-idx1-ubyte.gz"), 10);

        long start = System.nanoTime();
        try (FashionMnist data = FashionMnist.load(DIR)) {
            System.out.printf("Fashion-MNIST loaded in %.0f ms%n", (System.nanoTime() - start) / 1e6);
            assertArrayEquals(new int[] {55_000, 28, 28}, data.xTrain().shape());
            assertArrayEquals(new int[] {5_000, 28, 28}, data.xValid().shape());
            assertArrayEquals(new int[] {10_000, 28, 28}, data.xTest().shape());
            assertEquals(55_000, data.yTrain().length);
            assertEquals(5_000, data.yValid().length);
            assertEquals(10_000, data.yTest().length);

            assertArrayEquals(Arrays.copyOf(firstTrainLabels, 10), Arrays.copyOf(data.yValid(), 10));
            assertArrayEquals(Arrays.copyOfRange(firstTrainLabels, 5_000, 5_010), Arrays.copyOf(data.yTrain(), 10));
            assertArrayEquals(firstTestLabels, Arrays.copyOf(data.yTest(), 10));
            assertEquals(9, data.yValid()[0]); // the first training image is an ankle boot
            assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get(data.yValid()[0]));

            StandardScaler scaler = new StandardScaler().fit(data.xTrain());
            // computed independently (Python, exact integer histogram) over the 55,000 training images;
            // the often-quoted 72.94 / 90.02 are over all 60,000 training images
            assertEquals(72.93789853896104, scaler.mean(), 1e-9);
            assertEquals(89.98972212247540, scaler.std(), 1e-6);
            assertEquals(72.94, scaler.mean(), 0.05);
            assertEquals(90.02, scaler.std(), 0.05);
        }
    }
}
