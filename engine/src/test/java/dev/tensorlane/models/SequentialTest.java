package dev.tensorlane.models;

import dev.tensorlane.layers.AlphaDropout;
import dev.tensorlane.layers.BatchNormalization;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Dropout;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.layers.Layer;
import dev.tensorlane.layers.Parameter;
import dev.tensorlane.optimizers.Adam;
import dev.tensorlane.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequentialTest {

    /** Two Gaussian blobs in 4 dimensions, labelled by which blob a point came from. */
    private record Blobs(Tensor x, int[] y) implements AutoCloseable {
        static Blobs make(int n, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] values = new float[n * 4];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextInt(2);
                for (int j = 0; j < 4; j++) {
                    values[i * 4 + j] = (float) (random.nextGaussian() + (labels[i] == 0 ? -1.5 : 1.5));
                }
            }
            return new Blobs(Tensor.of(values, n, 2, 2), labels);
        }

        @Override
        public void close() {
            x.close();
        }
    }

    private static Sequential smallModel(long seed) {
        Sequential model = new Sequential().seed(seed);
        model.add(new Flatten(2, 2));
        model.add(new Dense(16, "relu"));
        model.add(new BatchNormalization());
        model.add(new Dropout(0.2));
        model.add(new Dense(2, "softmax"));
        return model;
    }

    @Test
    void trainOnBatchIntoLogsMatchesTheAllocatingForm() {
        try (Blobs batch = Blobs.make(32, 4); Sequential a = smallModel(5); Sequential b = smallModel(5)) {
            a.compile("sparse_categorical_crossentropy", "adam", "accuracy");
            b.compile("sparse_categorical_crossentropy", "adam", "accuracy");
            float[] logs = new float[2];
            for (int step = 0; step < 3; step++) {
                float[] expected = a.trainOnBatch(batch.x(), batch.y());
                assertEquals(expected[0], b.trainOnBatch(batch.x(), batch.y(), logs));
                assertArrayEquals(expected, logs);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.trainOnBatch(batch.x(), batch.y(), new float[1]));
            assertTrue(e.getMessage().contains("logs must hold 2 values (loss, accuracy), got 1"), e.getMessage());
        }
    }

    @Test
    void learnsTwoSeparableBlobs() {
        try (Blobs train = Blobs.make(512, 1); Blobs test = Blobs.make(256, 2); Sequential model = smallModel(3)) {
            model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
            float[] before = model.evaluate(test.x(), test.y());
            History history = model.fit(train.x(), train.y(), FitOptions.epochs(8).verbose(0).validation(test.x(), test.y()));
            float[] after = model.evaluate(test.x(), test.y());
            assertTrue(after[0] < before[0] / 2, "loss should fall from " + before[0] + ", got " + after[0]);
            assertTrue(after[1] > 0.95, "test accuracy " + after[1]);
            assertEquals(8, history.epochs());
            assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), List.copyOf(history.history().keySet()));
            assertEquals(after[1], history.last("val_accuracy"), 1e-6);
            assertTrue(history.get("loss").get(7) < history.get("loss").get(0));
        }
    }

    @Test
    void sameSeedGivesTheSameWeightsBitForBit() {
        try (Blobs data = Blobs.make(100, 4); Sequential a = smallModel(9); Sequential b = smallModel(9); Sequential c = smallModel(10)) {
            for (Sequential m : List.of(a, b, c)) {
                m.compile("sparse_categorical_crossentropy", "adam", "accuracy");
                m.fit(data.x(), data.y(), FitOptions.epochs(2).batchSize(16).verbose(0));
            }
            assertArrayEquals(allWeights(a), allWeights(b));
            assertFalse(java.util.Arrays.equals(allWeights(a), allWeights(c)));
        }
    }

    @Test
    void predictGivesProbabilitiesPerSample() {
        try (Blobs data = Blobs.make(1003, 5); Sequential model = smallModel(1)) {
            model.compile("sparse_categorical_crossentropy", new Adam(), "accuracy");
            try (Tensor p = model.predict(data.x())) {
                assertArrayEquals(new int[]{1003, 2}, p.shape());
                for (int i = 0; i < 1003; i++) {
                    assertEquals(1.0, p.get(i, 0) + p.get(i, 1), 1e-5);
                }
            }
        }
    }

    @Test
    void namesLayersTheKerasWay() {
        Sequential model = new Sequential();
        model.add(new Flatten(28, 28));
        for (int i = 0; i < 3; i++) {
            model.add(new Dense(100, "relu"));
            model.add(new BatchNormalization());
        }
        model.add(new AlphaDropout(0.5));
        assertEquals(List.of("flatten", "dense", "batch_normalization", "dense_1", "batch_normalization_1",
                "dense_2", "batch_normalization_2", "alpha_dropout"), model.layers().stream().map(Layer::name).toList());
        model.compile("sparse_categorical_crossentropy", "sgd", "accuracy");
        assertEquals(List.of("dense/kernel", "dense/bias", "batch_normalization/gamma", "batch_normalization/beta",
                        "batch_normalization/moving_mean", "batch_normalization/moving_variance"),
                model.weights().subList(0, 6).stream().map(Parameter::name).toList());
    }

    @Test
    void summaryOfTheSeluModel() {
        Sequential model = new Sequential();
        model.add(new Flatten(28, 28));
        for (int i = 0; i < 20; i++) {
            model.add(new Dense(100, "selu"));
        }
        model.add(new AlphaDropout(0.5));
        model.add(new Dense(10, "softmax"));
        String summary = model.summaryString();
        assertTrue(summary.contains("\nalpha_dropout (AlphaDropout) (None, 100)               0         \n"), summary);
        assertTrue(summary.contains("\ndense_20 (Dense)             (None, 10)                1010      \n"), summary);
        assertTrue(summary.endsWith("Total params: 271,410\nTrainable params: 271,410\nNon-trainable params: 0\n"), summary);
        for (String line : summary.split("\n")) {
            assertTrue(line.length() <= 65, line);
        }
    }

    @Test
    void badInputGetsClearMessages() {
        try (Blobs data = Blobs.make(10, 6); Sequential model = smallModel(1)) {
            assertMessage(IllegalStateException.class, "not compiled", () -> model.fit(data.x(), data.y(), 1));
            model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
            assertMessage(IllegalArgumentException.class, "10 samples but y has 9 labels",
                    () -> model.fit(data.x(), java.util.Arrays.copyOf(data.y(), 9), 1));
            try (Tensor flat = Tensor.zeros(10, 4)) {
                assertMessage(IllegalArgumentException.class, "x has shape [10, 4]", () -> model.evaluate(flat, data.y()));
            }
            int[] badLabels = data.y().clone();
            badLabels[3] = 7;
            assertMessage(IllegalArgumentException.class, "label 7 at index 3", () -> model.fit(data.x(), badLabels, 1));
            assertMessage(IllegalArgumentException.class, "epochs must be >= 0", () -> model.fit(data.x(), data.y(), -1));
            assertMessage(IllegalArgumentException.class, "batch size must be positive",
                    () -> model.fit(data.x(), data.y(), FitOptions.epochs(1).batchSize(0)));
            assertMessage(IllegalArgumentException.class, "unknown optimizer 'adamw'",
                    () -> model.compile("sparse_categorical_crossentropy", "adamw", "accuracy"));
            model.close();
            assertMessage(IllegalStateException.class, "is closed", () -> model.predict(data.x()));
        }
    }

    @Test
    void badLayersAndStacksAreRefusedAtConstructionOrAdd() {
        assertMessage(IllegalArgumentException.class, "units must be a positive integer, got 0", () -> new Dense(0));
        assertMessage(IllegalArgumentException.class, "rate must be in [0, 1), got 1.0", () -> new Dropout(1.0));
        assertMessage(IllegalArgumentException.class, "unknown activation 'relu6'", () -> new Dense(3, "relu6"));
        assertMessage(IllegalArgumentException.class, "must declare the input shape", () -> new Sequential().add(new Dense(3)));
        Sequential named = new Sequential();
        named.add(new Flatten(4));
        named.add(new Dense(3, "linear", "head"));
        assertMessage(IllegalArgumentException.class, "already has a layer named 'head'", () -> named.add(new Dense(3, "linear", "head")));
    }

    private static float[] allWeights(Sequential model) {
        return model.weights().stream().map(p -> p.value().toArray(ValueLayout.JAVA_FLOAT))
                .reduce(new float[0], (x, y) -> {
                    float[] joined = java.util.Arrays.copyOf(x, x.length + y.length);
                    System.arraycopy(y, 0, joined, x.length, y.length);
                    return joined;
                });
    }

    private static void assertMessage(Class<? extends Throwable> type, String fragment, org.junit.jupiter.api.function.Executable call) {
        Throwable thrown = assertThrows(type, call);
        assertTrue(thrown.getMessage().contains(fragment), "message '" + thrown.getMessage() + "' lacks '" + fragment + "'");
    }
}
