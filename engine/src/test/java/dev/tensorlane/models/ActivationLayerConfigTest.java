package dev.tensorlane.models;

import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.ELU;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.layers.Layer;
import dev.tensorlane.layers.LeakyReLU;
import dev.tensorlane.layers.PReLU;
import dev.tensorlane.layers.RReLU;
import dev.tensorlane.layers.ReLU;
import dev.tensorlane.layers.Softmax;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The activation layers round-trip through Keras-shaped JSON with their parameters. */
class ActivationLayerConfigTest {

    @Test
    void everyActivationLayerSurvivesToJsonAndFromJson() {
        try (Sequential model = new Sequential()) {
            model.add(new Flatten(4));
            model.add(new Dense(6));
            model.add(new ReLU(6, 0.1, 0.5));
            model.add(new Dense(6));
            model.add(new ReLU());
            model.add(new LeakyReLU(0.2));
            model.add(new ELU(0.7));
            model.add(new PReLU());
            model.add(new RReLU(0.1, 0.3));
            model.add(new Dense(3));
            model.add(new Softmax());
            String json = model.toJson();
            assertTrue(json.contains("\"max_value\": null"), json);
            try (Sequential rebuilt = Sequential.fromJson(json)) {
                assertEquals(model.summaryString(), rebuilt.summaryString());
                assertEquals(json, rebuilt.toJson());
                for (int i = 0; i < model.layers().size(); i++) {
                    Layer original = model.layers().get(i);
                    assertEquals(original.getConfig(), rebuilt.layers().get(i).getConfig(), original.name());
                }
            }
        }
    }
}
