package dev.tensorlane.data;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The four files of a Fashion-MNIST directory, each found under its standard name, raw or with
 * {@code .gz} (whether a file is compressed is decided later by its content, not its name).
 */
record FashionMnistFiles(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private static final String EXPECTED = "the four files " + String.join(", ",
            TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS) + " (each raw or with .gz)";

    /** Finds the four files in {@code directory}, or says which are missing. */
    static FashionMnistFiles locate(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            throw new NoSuchFileException(directory.toString(), null,
                    "Fashion-MNIST directory does not exist; it should hold " + EXPECTED);
        }
        if (!Files.isDirectory(directory)) {
            throw new NotDirectoryException(directory + " (expected a Fashion-MNIST directory holding "
                    + EXPECTED + ")");
        }
        List<String> missing = new ArrayList<>();
        Path trainImages = find(directory, TRAIN_IMAGES, missing);
        Path trainLabels = find(directory, TRAIN_LABELS, missing);
        Path testImages = find(directory, TEST_IMAGES, missing);
        Path testLabels = find(directory, TEST_LABELS, missing);
        if (!missing.isEmpty()) {
            throw new NoSuchFileException(directory.toString(), null, "Fashion-MNIST directory lacks "
                    + String.join(", ", missing) + " (raw or .gz); it should hold " + EXPECTED);
        }
        return new FashionMnistFiles(trainImages, trainLabels, testImages, testLabels);
    }

    private static Path find(Path directory, String name, List<String> missing) throws FileSystemException {
        Path raw = directory.resolve(name);
        Path gzip = directory.resolve(name + ".gz");
        boolean hasRaw = Files.isRegularFile(raw);
        boolean hasGzip = Files.isRegularFile(gzip);
        if (hasRaw && hasGzip) {
            throw new FileSystemException(raw.toString(), gzip.toString(),
                    "both exist; keep one so it is clear which data to load");
        }
        if (!hasRaw && !hasGzip) {
            missing.add(name);
            return null;
        }
        return hasRaw ? raw : gzip;
    }
}
