package dev.tensorlane.layers;

import dev.tensorlane.activations.StandardActivation;

import java.util.Map;

/** Keras's {@code Softmax()} over the last axis of a flat input. */
public final class Softmax extends ActivationLayer {

    public Softmax() {
        super(StandardActivation.SOFTMAX, null);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.put("axis", -1);
        return config;
    }
}
