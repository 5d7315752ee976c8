package dev.tensorlane.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tensorlane.models.FitOptions;
import dev.tensorlane.models.Sequential;
import dev.tensorlane.tensor.Tensor;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Dense hands the {@code Wᵀ} of its new weights to a job of its own (submitted by its update
 * job): {@code fit} must not return while one is pending, and the next step's input gradients
 * must use the transpose of the weights it trains with.
 */
class DenseTransposeJobTest {

    private static Sequential model(int threads) {
        Sequential model = new Sequential().threads(threads);
        model.add(new Flatten(12));
        model.add(new Dense(20, "relu"));
        model.add(new Dense(20, "relu"));
        model.add(new Dense(3, "softmax"));
        model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
        return model;
    }

    private static List<float[]> trainedWeights(int threads, Tensor x, int[] y) {
        try (Sequential model = model(threads)) {
            model.fit(x, y, FitOptions.epochs(3).batchSize(8).verbose(0));
            List<float[]> weights = new ArrayList<>();
            for (Layer layer : model.layers()) {
                if (layer instanceof Dense dense) {
                    assertFalse(dense.transposePending(), dense.describe() + ": a Wᵀ job still pending after fit");
                    weights.add(dense.kernel().value().toArray(ValueLayout.JAVA_FLOAT));
                }
            }
            return weights;
        }
    }

    @Test
    void fitReturnsWithNoTransposePendingAndTheSameWeightsOnOneAndTwoThreads() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 96;
        float[] values = new float[n * 12];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 12; j++) {
                values[i * 12 + j] = (float) random.nextGaussian() + labels[i] * (j % 3 == 0 ? 1 : -0.5f);
            }
        }
        try (Tensor x = Tensor.of(values, n, 12)) {
            List<float[]> one = trainedWeights(1, x, labels);
            List<float[]> two = trainedWeights(2, x, labels);
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i), two.get(i), "Dense " + i + "'s kernel differs between 1 and 2 threads");
            }
        }
    }
}
