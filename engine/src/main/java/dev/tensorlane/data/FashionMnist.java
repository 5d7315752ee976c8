package dev.tensorlane.data;

import dev.tensorlane.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Fashion-MNIST, split as in the Keras tutorial: the first {@code validationSize} (default 5,000)
 * training images are the validation set, the remaining ones (55,000) the training set, and the
 * 10,000 t10k images the test set. Images are float32 tensors {@code [n, rows, cols]} (28 × 28 for
 * the real data) of the raw pixel values 0..255; labels are class indices 0..9 into
 * {@link #CLASS_NAMES}.
 *
 * <p>The label arrays are copied in and out, so they cannot change. The tensors are owned by this
 * object and freed by {@link #close()}; callers must not write to them or close them.
 */
public final class FashionMnist implements AutoCloseable {

    /** The class names, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Training images held out for validation by {@link #load(Path)}. */
    public static final int DEFAULT_VALIDATION_SIZE = 5_000;

    private final Tensor xTrain;
    private final Tensor xValid;
    private final Tensor xTest;
    private final int[] yTrain;
    private final int[] yValid;
    private final int[] yTest;

    private FashionMnist(Tensor xTrain, int[] yTrain, Tensor xValid, int[] yValid, Tensor xTest, int[] yTest) {
        this.xTrain = xTrain;
        this.yTrain = yTrain;
        this.xValid = xValid;
        this.yValid = yValid;
        this.xTest = xTest;
        this.yTest = yTest;
    }

    /** Loads the four files in {@code directory} with the first 5,000 training images as validation set. */
    public static FashionMnist load(Path directory) throws IOException {
        return load(directory, DEFAULT_VALIDATION_SIZE);
    }

    /**
     * Loads the four files in {@code directory} (see {@link FashionMnistFiles}), holding out the
     * first {@code validationSize} training images (0 up to all of them) for validation.
     *
     * @throws java.nio.file.NoSuchFileException if the directory or one of the files is missing
     * @throws IdxFormatException if a file is malformed, image and label counts differ, the train and
     *         test images differ in size, or a label is not 0..9
     * @throws IllegalArgumentException if {@code validationSize} is negative or larger than the training set
     */
    public static FashionMnist load(Path directory, int validationSize) throws IOException {
        if (validationSize < 0) {
            throw new IllegalArgumentException("validationSize must be >= 0, got " + validationSize);
        }
        FashionMnistFiles files = FashionMnistFiles.locate(directory);
        IdxContent trainImages = Idx.readImageContent(files.trainImages());
        int[] trainLabels = readCheckedLabels(files.trainLabels(), trainImages);
        IdxContent testImages = Idx.readImageContent(files.testImages());
        int[] testLabels = readCheckedLabels(files.testLabels(), testImages);
        checkSameImageSize(trainImages, testImages);
        int trainCount = trainImages.count();
        if (validationSize > trainCount) {
            throw new IllegalArgumentException(files.trainImages().getFileName() + " holds " + trainCount
                    + " images, fewer than the validation size " + validationSize);
        }
        Tensor xValid = null;
        Tensor xTrain = null;
        try {
            xValid = trainImages.toTensor(0, validationSize);
            xTrain = trainImages.toTensor(validationSize, trainCount);
            Tensor xTest = testImages.toTensor(0, testImages.count());
            return new FashionMnist(xTrain, Arrays.copyOfRange(trainLabels, validationSize, trainCount),
                    xValid, Arrays.copyOfRange(trainLabels, 0, validationSize), xTest, testLabels);
        } catch (RuntimeException | Error e) {
            closeAll(xValid, xTrain);
            throw e;
        }
    }

    private static int[] readCheckedLabels(Path file, IdxContent images) throws IOException {
        IdxContent content = Idx.readLabelContent(file);
        if (content.count() != images.count()) {
            throw new IdxFormatException(file, "holds " + content.count() + " labels but "
                    + images.file().getFileName() + " holds " + images.count() + " images");
        }
        int[] labels = content.toUnsignedInts();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= CLASS_NAMES.size()) {
                throw new IdxFormatException(file, content.header().headerBytes() + i, "label " + i + " is "
                        + labels[i] + ", expected 0.." + (CLASS_NAMES.size() - 1) + " (one of the "
                        + CLASS_NAMES.size() + " Fashion-MNIST classes)");
            }
        }
        return labels;
    }

    private static void checkSameImageSize(IdxContent train, IdxContent test) throws IdxFormatException {
        int[] trainShape = train.header().dimensions();
        int[] testShape = test.header().dimensions();
        if (trainShape[1] != testShape[1] || trainShape[2] != testShape[2]) {
            throw new IdxFormatException(test.file(), 8, "images are " + testShape[1] + " × " + testShape[2]
                    + " but those of " + train.file().getFileName() + " are " + trainShape[1] + " × " + trainShape[2]);
        }
    }

    private static void closeAll(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t != null) {
                t.close();
            }
        }
    }

    /** Training images {@code [n - validationSize, rows, cols]} (55,000 for the real data). */
    public Tensor xTrain() {
        return xTrain;
    }

    /** Validation images: the first {@code validationSize} training images. */
    public Tensor xValid() {
        return xValid;
    }

    /** Test images (the t10k file). */
    public Tensor xTest() {
        return xTest;
    }

    /** Training labels (a copy). */
    public int[] yTrain() {
        return yTrain.clone();
    }

    /** Validation labels (a copy). */
    public int[] yValid() {
        return yValid.clone();
    }

    /** Test labels (a copy). */
    public int[] yTest() {
        return yTest.clone();
    }

    /** Frees the three image tensors. */
    @Override
    public void close() {
        closeAll(xTrain, xValid, xTest);
    }

    @Override
    public String toString() {
        return "FashionMnist[train " + xTrain + ", valid " + xValid + ", test " + xTest + "]";
    }
}
