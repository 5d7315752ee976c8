package dev.tensorlane.layers;

import dev.tensorlane.activations.StandardActivation;

/** Keras's {@code Softmax()} over the last axis of a flat input. */
public final class Softmax extends ActivationLayer {

    public Softmax() {
        super(StandardActivation.SOFTMAX, null);
    }
}
