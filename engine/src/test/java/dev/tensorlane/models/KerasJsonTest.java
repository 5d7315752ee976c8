package dev.tensorlane.models;

import dev.tensorlane.initializers.VarianceScaling;
import dev.tensorlane.io.JsonException;
import dev.tensorlane.layers.Activation;
import dev.tensorlane.layers.AlphaDropout;
import dev.tensorlane.layers.BatchNormalization;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.layers.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Sequential.fromJson} on {@code to_json()} output in Keras's three shapes (files in
 * src/test/resources/keras, written after the formats of Keras 2.2.4, tf.keras 2.15 and Keras 3):
 * the same network each time, Flatten(28, 28) → Dense(100, selu, lecun_normal) →
 * AlphaDropout(0.05) → Dense(100, no bias, he_normal) → BatchNormalization → Activation(relu) →
 * Dense(10, softmax).
 */
class KerasJsonTest {

    private static final Path DIR = Path.of("src/test/resources/keras");

    private static String read(String file) throws IOException {
        return Files.readString(DIR.resolve(file));
    }

    /** The network built in Java, with the file's layer names. */
    private static Sequential expected(Sequential loaded) {
        Sequential model = new Sequential(loaded.name());
        List<Layer> layers = List.of(new Flatten(28, 28),
                new Dense(100, "selu", "lecun_normal", "zeros", true),
                new AlphaDropout(0.05),
                new Dense(100, null, "he_normal", "zeros", false),
                new BatchNormalization(),
                new Activation("relu"),
                new Dense(10, "softmax"));
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).setName(loaded.layers().get(i).name());
            model.add(layers.get(i));
        }
        return model;
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras2_2_4.json", "tf_keras_2_15.json", "keras3.json"})
    void buildsTheSameNetworkFromEachShape(String file) throws IOException {
        try (Sequential loaded = Sequential.fromJson(read(file)); Sequential expected = expected(loaded)) {
            assertEquals(expected.summaryString(), loaded.summaryString());
            String summary = loaded.summaryString();
            assertTrue(summary.contains("Total params: 89,910"), summary); // 78,500 + 10,000 + 400 + 1,010
            assertTrue(summary.contains("Non-trainable params: 200"), summary);
            Dense first = (Dense) loaded.layers().get(1);
            VarianceScaling kernel = (VarianceScaling) first.kernelInitializer();
            assertEquals(1.0, kernel.scale());
            assertEquals(VarianceScaling.Mode.FAN_IN, kernel.mode());
            assertEquals(VarianceScaling.Distribution.TRUNCATED_NORMAL, kernel.distribution());
            Dense second = (Dense) loaded.layers().get(3);
            assertFalse(second.useBias());
            assertEquals(2.0, ((VarianceScaling) second.kernelInitializer()).scale());
            assertEquals(0.05, ((AlphaDropout) loaded.layers().get(2)).rate(), 1e-7);
            // and it trains: compile and one step
            loaded.compile("sparse_categorical_crossentropy", "sgd", "accuracy");
            try (var x = dev.tensorlane.tensor.Tensor.zeros(4, 28, 28)) {
                assertEquals(2, loaded.trainOnBatch(x, new int[]{0, 1, 2, 3}).length);
            }
        }
    }

    @Test
    void layerNamesComeFromTheFile() throws IOException {
        try (Sequential keras2 = Sequential.fromJson(read("keras2_2_4.json"));
             Sequential keras3 = Sequential.fromJson(read("keras3.json"))) {
            assertEquals("sequential_1", keras2.name());
            assertEquals(List.of("flatten_1", "dense_1", "alpha_dropout_1", "dense_2", "batch_normalization_1", "activation_1", "dense_3"),
                    keras2.layers().stream().map(Layer::name).toList());
            assertEquals(7, keras3.layers().size()); // the InputLayer is not a layer here, as in Keras's Sequential.layers
        }
    }

    @Test
    void unsupportedLayersAndOptionsAreNamed() throws IOException {
        String keras3 = read("keras3.json");
        assertRefused(keras3.replace("\"class_name\": \"AlphaDropout\"", "\"class_name\": \"GaussianNoise\""), "GaussianNoise");
        assertRefused(keras3.replaceFirst("\"name\": \"float32\"}, \"registered_name\": null}, \"units\"",
                "\"name\": \"mixed_float16\"}, \"registered_name\": null}, \"units\""), "mixed_float16");
        assertRefused(keras3.replace("\"synchronized\": false", "\"synchronized\": true"), "synchronized");
        String tf = read("tf_keras_2_15.json");
        assertRefused(tf.replace("\"rate\": 0.05, \"noise_shape\": null", "\"rate\": 0.05, \"noise_shape\": [null, 1]"), "noise_shape");
        assertRefused(tf.replace("\"name\": \"dense_1\", \"trainable\": true", "\"name\": \"dense_1\", \"trainable\": false"), "trainable");
        assertRefused(tf.replaceFirst("\"bias_constraint\": null", "\"bias_constraint\": {\"class_name\": \"MaxNorm\", \"config\": {}}"),
                "bias_constraint");
        assertRefused(read("keras2_2_4.json").replace("\"distribution\": \"normal\"", "\"distribution\": \"cauchy\""), "cauchy");
    }

    private static void assertRefused(String json, String named) {
        JsonException e = assertThrows(JsonException.class, () -> Sequential.fromJson(json).close());
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }
}
