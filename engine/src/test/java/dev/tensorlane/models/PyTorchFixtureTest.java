package dev.tensorlane.models;

import dev.tensorlane.initializers.Initializer;
import dev.tensorlane.io.JsonObject;
import dev.tensorlane.io.JsonReader;
import dev.tensorlane.layers.BatchNormalization;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Parameter;
import dev.tensorlane.optimizers.SGD;
import dev.tensorlane.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A small program of Keras-style deterministic pieces (Dense with ones kernels and no bias,
 * BatchNormalization, mean squared error, SGD with momentum) against an independent PyTorch
 * implementation of the same program with Keras's semantics (biased moving variance, epsilon
 * 1e-3, momentum 0.99, Keras's momentum SGD), run in double precision and committed as
 * src/test/resources/pytorch/keras_semantics_fixture.json by the script beside it. No Python here.
 */
class PyTorchFixtureTest {

    private static final Path FIXTURE = Path.of("src/test/resources/pytorch/keras_semantics_fixture.json");

    @Test
    void sameLossesAndWeightsAsThePyTorchReference() throws IOException {
        JsonObject fixture = JsonObject.of(JsonReader.parse(Files.readAllBytes(FIXTURE), FIXTURE.toString()), FIXTURE.toString());
        float[] xs = flatten(fixture.array("x"));
        float[] ys = flatten(fixture.array("y"));
        try (Tensor x = Tensor.of(xs, 8, 4); Tensor y = Tensor.of(ys, 8, 2); Sequential model = new Sequential()) {
            model.add(new Dense(3, null, Initializer.ones(), Initializer.zeros(), false).declareInputShape(4));
            model.add(new BatchNormalization());
            model.add(new Dense(2));
            model.build();
            List<float[]> weights = new ArrayList<>(model.getWeights());
            weights.set(5, flatten(fixture.array("kernel2_init")));
            model.setWeights(weights);
            model.compile("mean_squared_error", new SGD(0.1f, 0.9f, false));

            History history = model.fit(x, y, FitOptions.epochs(3).batchSize(4).shuffle(false).verbose(0));
            List<Object> expectedLosses = fixture.array("epoch_losses");
            for (int e = 0; e < 3; e++) {
                double expected = ((Number) expectedLosses.get(e)).doubleValue();
                assertEquals(expected, history.get("loss").get(e), 2e-5 * (1 + expected), "epoch " + (e + 1) + " loss");
            }
            double evaluation = fixture.number("evaluation_loss");
            assertEquals(evaluation, model.evaluate(x, y)[0], 2e-5 * (1 + evaluation), "evaluation loss");

            JsonObject expectedWeights = fixture.object("weights");
            List<float[]> actual = model.getWeights();
            List<Parameter> parameters = model.weights();
            assertEquals(expectedWeights.keys().size(), parameters.size());
            for (int i = 0; i < parameters.size(); i++) {
                String name = parameters.get(i).name();
                float[] expected = flatten(expectedWeights.array(name));
                assertEquals(expected.length, actual.get(i).length, name);
                for (int j = 0; j < expected.length; j++) {
                    assertEquals(expected[j], actual.get(i)[j], 2e-5 * (1 + Math.abs(expected[j])), name + "[" + j + "]");
                }
            }
        }
    }

    private static float[] flatten(List<Object> values) {
        List<Float> out = new ArrayList<>();
        for (Object v : values) {
            if (v instanceof List<?> row) {
                for (Object w : row) {
                    out.add(((Number) w).floatValue());
                }
            } else {
                out.add(((Number) v).floatValue());
            }
        }
        float[] result = new float[out.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = out.get(i);
        }
        return result;
    }
}
