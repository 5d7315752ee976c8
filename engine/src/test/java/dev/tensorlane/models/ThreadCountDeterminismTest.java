package dev.tensorlane.models;

import dev.tensorlane.callbacks.Callback;
import dev.tensorlane.layers.BatchNormalization;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Dropout;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.layers.Parameter;
import dev.tensorlane.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fifty training steps on one thread and on two reach the same weights, bit for bit, whether a
 * step's weight updates finish beside the next step's forward pass (no callback reads the model
 * between steps) or before the step ends (one does). The first
 * model trains while the JIT is still compiling the kernels and the second after, so this also
 * shows that results do not depend on JIT timing (the kernels avoid the Vector API operations
 * whose rounding differs between the interpreter and C2: EXP, EXPM1, reduceLanes(ADD)).
 */
class ThreadCountDeterminismTest {

    private static Sequential model(int threads) {
        Sequential model = new Sequential().seed(7).threads(threads);
        model.add(new Flatten(28, 28));
        for (int i = 0; i < 3; i++) {
            model.add(new Dense(100, i == 2 ? "selu" : "relu"));
            model.add(new Dropout(0)); // passes its input through: the next Dense reads the last one's output
            model.add(new BatchNormalization());
        }
        model.add(new Dense(10, "softmax"));
        model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
        return model;
    }

    @Test
    void oneAndTwoThreadsTrainIdentically() {
        SplittableRandom random = new SplittableRandom(3);
        Callback readsModel = new Callback() { }; // by default a callback may read the model after each batch
        try (Tensor x = gaussianImages(random, 32 * 50); Sequential single = model(1); Sequential dual = model(2);
             Sequential settled = model(2)) {
            int[] labels = random.ints(32 * 50, 0, 10).toArray();
            assertEquals(2, dual.kernels().threads());
            single.fit(x, labels, FitOptions.epochs(1).verbose(0));
            dual.fit(x, labels, FitOptions.epochs(1).verbose(0));
            settled.fit(x, labels, FitOptions.epochs(1).verbose(0).callbacks(readsModel));
            assertSameWeights(single, dual);
            assertSameWeights(single, settled);
        }
    }

    /**
     * A governor whose trials always win (margin 2) switches the two-thread model between its
     * kernels on two threads and on one every few steps, mid-epoch: the weights stay the
     * one-thread model's, bit for bit, also when a callback's predict regrows the workspaces
     * mid-fit. With adaptive threads off the same governor never runs.
     */
    @Test
    void switchingBetweenTwoThreadsAndOneInsideFitTrainsIdentically() {
        SplittableRandom random = new SplittableRandom(5);
        try (Tensor x = gaussianImages(random, 32 * 40); Sequential single = model(1); Sequential switching = model(2);
             Sequential fixed = model(2)) {
            int[] labels = random.ints(32 * 40, 0, 10).toArray();
            switching.adaptiveThreads(true).governWith(new ThreadGovernor(2, 1, 3, 3, 3, 2.0));
            fixed.adaptiveThreads(false).governWith(new ThreadGovernor(2, 1, 3, 3, 3, 2.0));
            single.fit(x, labels, FitOptions.epochs(2).verbose(0));
            // on the 8th step (a one-thread step) a callback predicts on more rows than a batch, which
            // regrows the workspaces; the next two-thread steps need Dense's Wᵀ buffer all the same
            Callback predictsMidFit = new Callback() {
                @Override
                public void onBatchEnd(int batch, double loss, double accuracy) {
                    if (batch == 7) {
                        switching.predict(x).close();
                    }
                }
            };
            switching.fit(x, labels, FitOptions.epochs(2).verbose(0).callbacks(predictsMidFit));
            fixed.fit(x, labels, FitOptions.epochs(2).verbose(0));
            long solo = switching.stepsOnOneThread();
            assertTrue(solo > 20 && solo < 60, "steps on one thread of 80: " + solo);
            assertEquals(0, fixed.stepsOnOneThread());
            assertSameWeights(single, switching);
            assertSameWeights(single, fixed);
            // fit returns with the layers on the model's two-thread kernels, and trains on from there
            assertEquals(2, switching.kernels().threads());
            single.fit(x, labels, FitOptions.epochs(1).verbose(0));
            switching.fit(x, labels, FitOptions.epochs(1).verbose(0));
            assertSameWeights(single, switching);
        }
    }

    /** {@code samples} 28×28 images of Gaussian pixels. */
    private static Tensor gaussianImages(SplittableRandom random, int samples) {
        float[] pixels = new float[samples * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        return Tensor.of(pixels, samples, 28, 28);
    }

    static void assertSameWeights(Sequential expected, Sequential actual) {
        for (int i = 0; i < expected.weights().size(); i++) {
            Parameter a = expected.weights().get(i);
            Parameter b = actual.weights().get(i);
            assertArrayEquals(a.value().toArray(ValueLayout.JAVA_INT), b.value().toArray(ValueLayout.JAVA_INT), a.name());
        }
    }
}
