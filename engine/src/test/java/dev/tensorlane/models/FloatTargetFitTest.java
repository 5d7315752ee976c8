package dev.tensorlane.models;

import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.optimizers.SGD;
import dev.tensorlane.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fit/evaluate/trainOnBatch with float targets; the int[] path is unchanged. */
class FloatTargetFitTest {

    private static Sequential model(String activation) {
        Sequential model = new Sequential().seed(3);
        model.add(new Flatten(4));
        model.add(new Dense(8, "tanh"));
        model.add(new Dense(3, activation));
        return model;
    }

    @Test
    void categoricalCrossentropyOnOneHotRowsEqualsTheSparseLoss() {
        int samples = 40;
        SplittableRandom random = new SplittableRandom(1);
        float[] xs = new float[samples * 4];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) random.nextDouble(-1, 1);
        }
        int[] labels = new int[samples];
        float[] oneHot = new float[samples * 3];
        for (int i = 0; i < samples; i++) {
            labels[i] = (xs[i * 4] > 0 ? 1 : 0) + (xs[i * 4 + 1] > 0.5 ? 1 : 0);
            oneHot[i * 3 + labels[i]] = 1f;
        }
        try (Tensor x = Tensor.of(xs, samples, 4); Tensor y = Tensor.of(oneHot, samples, 3);
             Sequential sparse = model("softmax"); Sequential dense = model("softmax")) {
            sparse.compile("sparse_categorical_crossentropy", new SGD(0.1f), "accuracy");
            dense.compile("categorical_crossentropy", new SGD(0.1f), "accuracy");
            History a = sparse.fit(x, labels, FitOptions.epochs(3).verbose(0).batchSize(8));
            History b = dense.fit(x, y, FitOptions.epochs(3).verbose(0).batchSize(8).validation(x, y));
            for (int e = 0; e < 3; e++) {
                assertEquals(a.get("loss").get(e), b.get("loss").get(e), 1e-5);
                assertEquals(a.get("accuracy").get(e), b.get("accuracy").get(e), 1e-9);
            }
            float[] ea = sparse.evaluate(x, labels);
            float[] eb = dense.evaluate(x, y);
            assertEquals(ea[0], eb[0], 1e-5);
            assertEquals(ea[1], eb[1], 1e-9);
            assertEquals(eb[0], b.get("val_loss").get(2), 1e-5);
        }
    }

    @Test
    void meanSquaredErrorRegressionLearns() {
        int samples = 64;
        SplittableRandom random = new SplittableRandom(2);
        float[] xs = new float[samples * 4];
        float[] ys = new float[samples * 3];
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < 4; j++) {
                xs[i * 4 + j] = (float) random.nextDouble(-1, 1);
            }
            for (int j = 0; j < 3; j++) {
                ys[i * 3 + j] = 0.5f * xs[i * 4 + j] - 0.25f * xs[i * 4 + 3];
            }
        }
        try (Tensor x = Tensor.of(xs, samples, 4); Tensor y = Tensor.of(ys, samples, 3); Sequential model = model(null)) {
            model.compile("mse", new SGD(0.1f));
            float before = model.evaluate(x, y)[0];
            model.fit(x, y, FitOptions.epochs(20).verbose(0).batchSize(16));
            float after = model.evaluate(x, y)[0];
            assertTrue(after < before / 4, before + " -> " + after);
            float[] step = model.trainOnBatch(x, y);
            assertEquals(1, step.length);
        }
    }

    @Test
    void wrongKindOrShapeOfLabelsIsNamed() {
        try (Tensor x = Tensor.zeros(5, 4); Tensor y = Tensor.zeros(5, 2); Sequential model = model(null)) {
            model.compile("mean_squared_error", "sgd");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.fit(x, new int[5], 1));
            assertTrue(e.getMessage().contains("mean_squared_error") && e.getMessage().contains("Tensor"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> model.fit(x, y, 1));
            assertTrue(e.getMessage().contains("[5, 2]") && e.getMessage().contains("(5, 3)"), e.getMessage());
        }
    }
}
