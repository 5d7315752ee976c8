package dev.tensorlane.models;

import dev.tensorlane.initializers.Initializer;
import dev.tensorlane.layers.BatchNormalization;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.layers.Parameter;
import dev.tensorlane.io.JsonException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dense's use_bias and initializers, BatchNormalization's center/scale and initializers: counts, weights, JSON. */
class KerasLayerOptionsTest {

    private static Sequential noBiasBeforeBatchNorm() {
        Sequential model = new Sequential();
        model.add(new Flatten(2, 3));
        model.add(new Dense(4, null, Initializer.ones(), Initializer.zeros(), false));
        model.add(new BatchNormalization(false, true));
        model.add(new Dense(3, "softmax", "lecun_normal", "constant", true));
        return model;
    }

    @Test
    void parameterCountsAndWeightsFollowTheOptions() {
        try (Sequential model = noBiasBeforeBatchNorm()) {
            model.build();
            List<String> names = model.weights().stream().map(Parameter::name).toList();
            assertEquals(List.of("dense/kernel", "batch_normalization/gamma", "batch_normalization/moving_mean",
                    "batch_normalization/moving_variance", "dense_1/kernel", "dense_1/bias"), names);
            String summary = model.summaryString();
            assertTrue(summary.contains("Total params: 51"), summary);       // 24 + 4·3 (gamma, moving stats) + 15
            assertTrue(summary.contains("Trainable params: 43"), summary);    // 24 + 4 (gamma) + 15
            for (float v : model.getWeights().get(0)) {
                assertEquals(1f, v);
            }
        }
    }

    @Test
    void optionsSurviveToJsonAndFromJson() {
        try (Sequential model = noBiasBeforeBatchNorm()) {
            String json = model.toJson();
            assertTrue(json.contains("\"use_bias\": false"), json);
            assertTrue(json.contains("\"kernel_initializer\": {\"class_name\": \"Ones\", \"config\": {}}"), json);
            assertTrue(json.contains("\"center\": false"), json);
            try (Sequential rebuilt = Sequential.fromJson(json)) {
                assertEquals(model.summaryString(), rebuilt.summaryString());
                assertEquals(json, rebuilt.toJson());
                rebuilt.build();
                for (float v : rebuilt.getWeights().get(0)) {
                    assertEquals(1f, v);
                }
            }
        }
    }

    @Test
    void setWeightsChecksShapesAndRoundTrips() {
        try (Sequential model = noBiasBeforeBatchNorm()) {
            List<float[]> weights = new java.util.ArrayList<>(model.getWeights());
            weights.get(1)[2] = 7f;
            model.setWeights(weights);
            assertArrayEquals(weights.get(1), model.getWeights().get(1));
            weights.set(4, new float[5]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.setWeights(weights));
            assertTrue(e.getMessage().contains("dense_1/kernel"), e.getMessage());
        }
    }

    @Test
    void layerGetAndSetWeightsInKerasOrder() {
        try (Sequential model = noBiasBeforeBatchNorm()) {
            model.build();
            BatchNormalization bn = (BatchNormalization) model.layers().get(2);
            List<float[]> weights = bn.getWeights();
            assertEquals(3, weights.size()); // gamma, moving_mean, moving_variance (no beta: center=false)
            float[] gamma = {1, 2, 3, 4};
            bn.setWeights(List.of(gamma, weights.get(1), weights.get(2)));
            assertArrayEquals(gamma, bn.getWeights().get(0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> bn.setWeights(List.of(new float[3], weights.get(1), weights.get(2))));
            assertTrue(e.getMessage().contains("batch_normalization") && e.getMessage().contains("gamma")
                    && e.getMessage().contains("[4]"), e.getMessage());
        }
    }

    @Test
    void regularizersAreRefusedByName() {
        String json = """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 3, "batch_input_shape": [null, 4],
                   "kernel_regularizer": {"class_name": "L2", "config": {"l2": 0.01}}}}]}}""";
        JsonException e = assertThrows(JsonException.class, () -> Sequential.fromJson(json));
        assertTrue(e.getMessage().contains("kernel_regularizer"), e.getMessage());
    }
}
