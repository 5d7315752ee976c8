package dev.tensorlane.layers;

import dev.tensorlane.activations.ActivationFunction;
import dev.tensorlane.activations.Activations;

import java.util.Map;

/** Keras's {@code Activation(name)}: applies an activation function on its own, with no weights. */
public final class Activation extends ActivationLayer {

    /** @throws IllegalArgumentException for an unknown name, listing the known ones */
    public Activation(String activation) {
        this(Activations.get(activation), null);
    }

    public Activation(ActivationFunction function, String name) {
        super(function, name);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.put("activation", function().kerasName());
        return config;
    }
}
