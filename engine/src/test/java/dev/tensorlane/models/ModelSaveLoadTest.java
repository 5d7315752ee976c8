package dev.tensorlane.models;

import dev.tensorlane.io.JsonException;
import dev.tensorlane.io.SafetensorsFile;
import dev.tensorlane.io.SafetensorsFormatException;
import dev.tensorlane.layers.AlphaDropout;
import dev.tensorlane.layers.BatchNormalization;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Dropout;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.layers.Activation;
import dev.tensorlane.optimizers.Adam;
import dev.tensorlane.optimizers.SGD;
import dev.tensorlane.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSaveLoadTest {

    @TempDir
    Path dir;

    /** Three noisy classes in 2×3 inputs: small enough to train in milliseconds. */
    private record Data(Tensor x, int[] y) implements AutoCloseable {
        static Data make(int n, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] values = new float[n * 6];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextInt(3);
                for (int j = 0; j < 6; j++) {
                    values[i * 6 + j] = (float) (random.nextGaussian() + (j % 3 == labels[i] ? 2 : 0));
                }
            }
            return new Data(Tensor.of(values, n, 2, 3), labels);
        }

        @Override
        public void close() {
            x.close();
        }
    }

    private static Sequential model(long seed) {
        Sequential model = new Sequential().seed(seed);
        model.add(new Flatten(2, 3));
        model.add(new Dense(8, "selu"));
        model.add(new AlphaDropout(0.1));
        model.add(new Dense(8, "relu"));
        model.add(new BatchNormalization(0.9f, 1e-3f, null));
        model.add(new Activation("tanh"));
        model.add(new Dropout(0.25));
        model.add(new Dense(3, "softmax"));
        return model;
    }

    @Test
    void toJsonHasKerasShapeAndFromJsonBuildsTheSameModel() {
        try (Sequential original = model(1)) {
            String json = original.toJson();
            assertTrue(json.startsWith("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\", \"layers\": ["
                    + "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\", \"trainable\": true, "
                    + "\"batch_input_shape\": [null, 2, 3], \"dtype\": \"float32\", \"data_format\": \"channels_last\"}}, "
                    + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"trainable\": true, \"dtype\": \"float32\", "
                    + "\"units\": 8, \"activation\": \"selu\", \"use_bias\": true, "
                    + "\"kernel_initializer\": {\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}}, "
                    + "\"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}}}, "
                    + "{\"class_name\": \"AlphaDropout\", \"config\": {\"name\": \"alpha_dropout\", \"trainable\": true, "
                    + "\"dtype\": \"float32\", \"rate\": 0.1}}"), json);
            assertTrue(json.contains("\"momentum\": 0.9, \"epsilon\": 0.001"), json);
            try (Sequential rebuilt = Sequential.fromJson(json)) {
                assertEquals(original.summaryString(), rebuilt.summaryString());
                assertEquals(json, rebuilt.toJson());
            }
        }
    }

    @Test
    void fromJsonErrorsNameTheLayerAndField() {
        String json;
        try (Sequential m = model(1)) {
            json = m.toJson();
        }
        JsonException e = assertThrows(JsonException.class, () -> Sequential.fromJson(json.replace("\"units\": 8, \"activation\": \"selu\"", "\"units\": \"8\", \"activation\": \"selu\"")));
        assertEquals("model JSON: config.layers[1] (dense).config: field \"units\" must be an integer, got the string \"8\"", e.getMessage());
        e = assertThrows(JsonException.class, () -> Sequential.fromJson(json.replace("\"Activation\"", "\"Swish\"")));
        assertTrue(e.getMessage().startsWith("model JSON: config.layers[5] (activation).config: unknown layer class_name \"Swish\"; known: "), e.getMessage());
        e = assertThrows(JsonException.class, () -> Sequential.fromJson(json.replace("\"tanh\"", "\"tanhh\"")));
        assertTrue(e.getMessage().contains("config.layers[5] (activation).config: unknown activation 'tanhh'"), e.getMessage());
        e = assertThrows(JsonException.class, () -> Sequential.fromJson(json.substring(0, 40)));
        assertTrue(e.getMessage().endsWith("at byte offset 40"), e.getMessage());
    }

    @Test
    void savedWeightsLoadIntoANewModelAndPredictBitForBit() throws IOException {
        try (Data data = Data.make(64, 2); Sequential trained = model(3)) {
            trained.compile("sparse_categorical_crossentropy", "adam", "accuracy");
            trained.fit(data.x(), data.y(), FitOptions.epochs(2).batchSize(16).verbose(0));
            Path file = dir.resolve("model.safetensors");
            trained.saveWeights(file);
            SafetensorsFile read = SafetensorsFile.read(file);
            assertEquals(List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias", "batch_normalization/gamma",
                    "batch_normalization/beta", "batch_normalization/moving_mean", "batch_normalization/moving_variance",
                    "dense_2/kernel", "dense_2/bias"), List.copyOf(read.entries().keySet()));
            assertEquals(trained.toJson(), read.metadata().get("config"));
            try (Sequential fresh = model(99); Tensor a = trained.predict(data.x())) {
                fresh.loadWeights(file);
                try (Tensor b = fresh.predict(data.x())) {
                    assertArrayEquals(a.toArray(), b.toArray());
                }
            }
        }
    }

    @Test
    void loadWeightsRefusesAnotherArchitecture() throws IOException {
        Path file = dir.resolve("w.safetensors");
        try (Sequential m = model(1)) {
            m.saveWeights(file);
        }
        try (Sequential other = new Sequential()) {
            other.add(new Flatten(2, 3));
            other.add(new Dense(5, "relu"));
            other.add(new Dense(3, "softmax"));
            SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> other.loadWeights(file));
            assertTrue(e.getMessage().startsWith(file + ": weights do not match the model: unexpected [batch_normalization/gamma"), e.getMessage());
        }
        try (Sequential wider = new Sequential()) {
            wider.add(new Flatten(2, 3));
            wider.add(new Dense(9, "selu"));
            wider.add(new AlphaDropout(0.1));
            wider.add(new Dense(8, "relu"));
            wider.add(new BatchNormalization());
            wider.add(new Activation("tanh"));
            wider.add(new Dropout(0.25));
            wider.add(new Dense(3, "softmax"));
            SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> wider.loadWeights(file));
            assertTrue(e.getMessage().contains("tensor 'dense/kernel' has shape [6, 8] but the model expects [6, 9]"), e.getMessage());
        }
    }

    @Test
    void resumedTrainingReachesTheUninterruptedWeightsBitForBit() throws IOException {
        for (boolean adam : new boolean[]{true, false}) {
            try (Data data = Data.make(100, 5); Sequential straight = model(7); Sequential first = model(7)) {
                straight.compile("sparse_categorical_crossentropy", adam ? new Adam() : new SGD(0.05f, 0.9f, true), "accuracy");
                History full = straight.fit(data.x(), data.y(), FitOptions.epochs(4).batchSize(16).verbose(0));

                first.compile("sparse_categorical_crossentropy", adam ? new Adam() : new SGD(0.05f, 0.9f, true), "accuracy");
                first.fit(data.x(), data.y(), FitOptions.epochs(2).batchSize(16).verbose(0));
                Path run = dir.resolve(adam ? "adam" : "sgd");
                first.save(run);
                assertTrue(Files.exists(run.resolve("model.json")) && Files.exists(run.resolve("training_state.safetensors")));
                try (Sequential resumed = Sequential.load(run)) {
                    assertEquals(2, resumed.epochsTrained());
                    assertEquals(first.optimizer().iterations(), resumed.optimizer().iterations());
                    History rest = resumed.fit(data.x(), data.y(),
                            FitOptions.epochs(4).initialEpoch(resumed.epochsTrained()).batchSize(16).verbose(0));
                    assertEquals(List.of(2, 3), rest.epochNumbers());
                    assertEquals(full.get("loss").subList(2, 4), rest.get("loss"));
                    List<float[]> expected = straight.getWeights();
                    List<float[]> actual = resumed.getWeights();
                    for (int i = 0; i < expected.size(); i++) {
                        assertArrayEquals(expected.get(i), actual.get(i), straight.weights().get(i).name() + (adam ? " (Adam)" : " (SGD)"));
                    }
                }
            }
        }
    }

    @Test
    void loadRefusesFilesFromDifferentSaves() throws IOException {
        try (Data data = Data.make(32, 1); Sequential m = model(2)) {
            m.compile("sparse_categorical_crossentropy", "adam", "accuracy");
            m.save(dir);
            byte[] oldState = Files.readAllBytes(dir.resolve("training_state.safetensors"));
            m.fit(data.x(), data.y(), FitOptions.epochs(1).verbose(0));
            m.save(dir);
            Files.write(dir.resolve("training_state.safetensors"), oldState);
            SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Sequential.load(dir));
            assertTrue(e.getMessage().contains("weights are from optimizer step 1 but training_state.safetensors is from step 0"), e.getMessage());
        }
    }
}
