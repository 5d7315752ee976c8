package dev.tensorlane.models;

import dev.tensorlane.callbacks.Callback;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.optimizers.SGD;
import dev.tensorlane.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Dense's {@code Wᵀ} for {@code dx} is made by its update job after each step: weights replaced
 * from a callback in the middle of fit (Keras's {@code set_weights}) must be what the next step
 * differentiates through, not the transpose of the weights they replaced; and separate
 * {@code trainOnBatch} calls (which make it in the forward pass instead) train as one fit does.
 */
class WeightsChangedTest {

    private static Sequential model(int threads) {
        Sequential model = new Sequential().seed(3).threads(threads);
        model.add(new Flatten(20));
        model.add(new Dense(16, "relu"));
        model.add(new Dense(16, "relu"));
        model.add(new Dense(4, "softmax"));
        model.compile("sparse_categorical_crossentropy", new SGD(0.1f));
        return model;
    }

    /** Trains {@code model} with one trainOnBatch call per batch of 8 rows of 20 values; runs {@code afterBatch} after each. */
    private static void trainBatchByBatch(Sequential model, float[] values, int[] labels, IntConsumer afterBatch) {
        for (int b = 0; b < labels.length / 8; b++) {
            try (Tensor batch = Tensor.of(Arrays.copyOfRange(values, b * 8 * 20, (b + 1) * 8 * 20), 8, 20)) {
                model.trainOnBatch(batch, Arrays.copyOfRange(labels, b * 8, (b + 1) * 8));
            }
            afterBatch.accept(b);
        }
    }

    private static float[] gaussians(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aStepAfterSetWeightsInACallbackUsesTheNewWeights(int threads) {
        SplittableRandom random = new SplittableRandom(9);
        float[] values = gaussians(random, 16 * 20);
        int[] labels = random.ints(16, 0, 4).toArray();
        try (Tensor x = Tensor.of(values, 16, 20);
             Tensor secondBatch = Tensor.of(Arrays.copyOfRange(values, 8 * 20, 16 * 20), 8, 20);
             Sequential reset = model(threads); Sequential fresh = model(threads)) {
            List<float[]> start = fresh.getWeights();
            Callback resetAfterFirstBatch = new Callback() {
                @Override
                public void onBatchEnd(int step, double meanLoss, double meanAccuracy) {
                    if (step == 0) {
                        reset.setWeights(start);
                    }
                }
            };
            reset.fit(x, labels, FitOptions.epochs(1).batchSize(8).shuffle(false).verbose(0).callbacks(resetAfterFirstBatch));
            fresh.trainOnBatch(secondBatch, Arrays.copyOfRange(labels, 8, 16));
            ThreadCountDeterminismTest.assertSameWeights(fresh, reset);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void trainOnBatchCallsTrainAsOneFit(int threads) {
        SplittableRandom random = new SplittableRandom(4);
        float[] values = gaussians(random, 32 * 20);
        int[] labels = random.ints(32, 0, 4).toArray();
        try (Tensor x = Tensor.of(values, 32, 20); Sequential fitted = model(threads); Sequential stepped = model(threads)) {
            fitted.fit(x, labels, FitOptions.epochs(1).batchSize(8).shuffle(false).verbose(0));
            trainBatchByBatch(stepped, values, labels, b -> { });
            ThreadCountDeterminismTest.assertSameWeights(fitted, stepped);
        }
    }

    @Test
    void getWeightsFromACallbackThatReadsNoSegmentsSeesTheStepsUpdates() {
        SplittableRandom random = new SplittableRandom(5);
        float[] values = gaussians(random, 32 * 20);
        int[] labels = random.ints(32, 0, 4).toArray();
        List<List<float[]>> seen = new ArrayList<>();
        try (Tensor x = Tensor.of(values, 32, 20); Sequential pipelined = model(2); Sequential settled = model(2)) {
            Callback snapshots = new Callback() {
                @Override
                public void onBatchEnd(int step, double meanLoss, double meanAccuracy) {
                    seen.add(pipelined.getWeights());
                }

                @Override
                public boolean readsModelAfterBatch() {
                    return false;
                }
            };
            pipelined.fit(x, labels, FitOptions.epochs(1).batchSize(8).shuffle(false).verbose(0).callbacks(snapshots));
            trainBatchByBatch(settled, values, labels, b -> {
                List<float[]> expected = settled.getWeights();
                for (int w = 0; w < expected.size(); w++) {
                    assertArrayEquals(expected.get(w), seen.get(b).get(w), "batch " + b + ", weight " + w);
                }
            });
        }
    }
}
