package dev.tensorlane.models;

import dev.tensorlane.layers.BatchNormalization;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Dropout;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.tensor.NativeMemory;
import dev.tensorlane.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Native memory returns to its baseline, closed models and tensors refuse use, and concurrent calls give single-threaded results. */
class ResourcesTest {

    private static Sequential model(long seed) {
        Sequential model = new Sequential().seed(seed);
        model.add(new Flatten(2, 3));
        model.add(new Dense(16, "relu"));
        model.add(new BatchNormalization());
        model.add(new Dropout(0.1));
        model.add(new Dense(3, "softmax"));
        model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
        return model;
    }

    private static Tensor inputs(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n * 6];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return Tensor.of(values, n, 2, 3);
    }

    private static int[] labels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
        }
        return y;
    }

    @Test
    void thousandModelsReturnNativeMemoryToBaseline() {
        long baseBytes = NativeMemory.liveBytes();
        long baseArenas = NativeMemory.liveArenas();
        long peakBytes = 0;
        int[] y = labels(8);
        for (int i = 0; i < 1_000; i++) {
            try (Tensor x = inputs(8, i); Sequential model = model(i)) {
                model.trainOnBatch(x, y);
                try (Tensor p = model.predict(x)) {
                    assertEquals(24, p.size());
                }
                peakBytes = Math.max(peakBytes, NativeMemory.liveBytes() - baseBytes);
            }
        }
        assertTrue(peakBytes > 0, "the counter saw the models' allocations");
        assertEquals(baseBytes, NativeMemory.liveBytes(), "native bytes after 1,000 models (peak " + peakBytes + " above baseline)");
        assertEquals(baseArenas, NativeMemory.liveArenas(), "live arenas after 1,000 models");
        System.out.println("memory: 1000 models built, trained a step and closed; peak " + peakBytes
                + " bytes above baseline, back to baseline (" + baseBytes + " bytes, " + baseArenas + " arenas)");
    }

    @Test
    void closedModelsAndTensorsRaiseIllegalStateException() {
        Tensor x = inputs(4, 1);
        Sequential model = model(1);
        model.trainOnBatch(x, labels(4));
        model.close();
        model.close(); // closing twice is harmless
        assertThrows(IllegalStateException.class, () -> model.predict(x));
        assertThrows(IllegalStateException.class, () -> model.evaluate(x, labels(4)));
        assertThrows(IllegalStateException.class, () -> model.trainOnBatch(x, labels(4)));
        assertThrows(IllegalStateException.class, () -> model.fit(x, labels(4), 1));
        assertThrows(IllegalStateException.class, model::getWeights);
        assertThrows(IllegalStateException.class, () -> model.saveWeights(java.nio.file.Path.of("never-written.safetensors")));

        x.close();
        x.close();
        assertThrows(IllegalStateException.class, () -> x.get(0));
        assertThrows(IllegalStateException.class, () -> x.set(0, 1f));
        assertThrows(IllegalStateException.class, x::toArray);
        try (Sequential other = model(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.predict(x));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void predictAndEvaluateFromFourThreadsGiveSingleThreadedResults() throws Exception {
        try (Sequential model = model(3); Tensor x = inputs(2_500, 3)) {
            int[] y = labels(2_500);
            model.fit(x, y, FitOptions.epochs(1).verbose(0));
            float[] expectedPredictions;
            try (Tensor p = model.predict(x)) {
                expectedPredictions = p.toArray();
            }
            float[] expectedEvaluation = model.evaluate(x, y);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[][]>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    Callable<float[][]> job = () -> {
                        float[][] out = new float[10][];
                        for (int r = 0; r < 10; r += 2) {
                            try (Tensor p = model.predict(x)) {
                                out[r] = p.toArray();
                            }
                            out[r + 1] = model.evaluate(x, y);
                        }
                        return out;
                    };
                    results.add(pool.submit(job));
                }
                // Calls are serialized on the model, so each is a single-threaded call. The small
                // tolerance is not for races (a shared workspace written by two calls at once gives
                // other rows' outputs, far off) but guards against last-bit changes when C2 compiles a
                // kernel mid-test, seen here before main made the SIMD kernels tier-independent.
                for (Future<float[][]> f : results) {
                    float[][] out = f.get(60, TimeUnit.SECONDS);
                    for (int r = 0; r < 10; r += 2) {
                        assertArrayEquals(expectedPredictions, out[r], 1e-5f);
                        assertArrayEquals(expectedEvaluation, out[r + 1], 1e-5f);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
