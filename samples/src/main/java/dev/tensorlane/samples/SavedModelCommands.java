package dev.tensorlane.samples;

import dev.tensorlane.data.FashionMnist;
import dev.tensorlane.models.Sequential;
import dev.tensorlane.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code evaluate} and {@code predict} on a model saved by {@code train --out}. */
final class SavedModelCommands {

    private SavedModelCommands() {
    }

    static int evaluate(Arguments args) throws IOException {
        Path dir = modelDir(args, "evaluate");
        try (Sequential model = load(dir); FashionMnist data = FashionMnist.load(Cli.dataDirectory(args))) {
            Cli.scale(data);
            float[] test = model.evaluate(data.xTest(), data.yTest());
            System.out.printf(Locale.ROOT, "%s: test_loss: %.4f - test_accuracy: %.4f%n", dir, test[0], test[1]);
        }
        return 0;
    }

    static int predict(Arguments args) throws IOException {
        Path dir = modelDir(args, "predict");
        List<Integer> indices = args.integers("index", 0);
        if (indices.isEmpty()) {
            throw new UsageException("predict: --index needs one or more test image indices, e.g. --index 0 5 17");
        }
        try (Sequential model = load(dir); FashionMnist data = FashionMnist.load(Cli.dataDirectory(args))) {
            Cli.scale(data);
            int count = data.yTest().length;
            for (int index : indices) {
                if (index >= count) {
                    throw new UsageException("predict: --index " + index + " is past the test set's " + count + " images");
                }
            }
            try (Tensor probabilities = model.predict(data.xTest())) {
                List<String> names = FashionMnist.CLASS_NAMES;
                for (int index : indices) {
                    int best = 0;
                    for (int c = 1; c < names.size(); c++) {
                        if (probabilities.get(index, c) > probabilities.get(index, best)) {
                            best = c;
                        }
                    }
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "test image %d: %s (%.4f), label %s%n   ",
                            index, names.get(best), probabilities.get(index, best), names.get(data.yTest()[index])));
                    for (int c = 0; c < names.size(); c++) {
                        line.append(String.format(Locale.ROOT, " %s %.4f", names.get(c), probabilities.get(index, c)));
                    }
                    System.out.println(line);
                }
            }
        }
        return 0;
    }

    private static Path modelDir(Arguments args, String command) {
        Path dir = args.path("model-dir");
        if (dir == null) {
            throw new UsageException(command + ": --model-dir runs/NAME is required (a directory written by train --out)");
        }
        return dir;
    }

    /** The saved model, compiled for evaluation even when the directory holds weights only. */
    private static Sequential load(Path dir) throws IOException {
        Sequential model = Sequential.load(dir);
        if (model.loss() == null) {
            model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
        }
        return model;
    }
}
