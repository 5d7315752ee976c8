package dev.tensorlane.callbacks;

import dev.tensorlane.kernels.Kernels;
import dev.tensorlane.layers.Layer;
import dev.tensorlane.layers.Parameter;
import dev.tensorlane.models.Sequential;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Finds where a model's numbers first went NaN or infinite after a step: the first layer (in
 * forward order) whose output is non-finite; else the first layer in backward order whose weight
 * gradient is; else the first non-finite weight. Runs only once training has failed.
 */
final class NonFiniteFinder {

    private NonFiniteFinder() {
    }

    /** A sentence naming the layer and what went non-finite, or a note that everything is finite. */
    static String describe(Sequential model) {
        model.awaitWeightUpdates();
        Kernels kernels = model.kernels();
        List<Layer> layers = model.layers();
        int rows = model.lastBatchRows();
        for (int i = 0; i < layers.size(); i++) {
            MemorySegment out = model.lastOutput(i);
            if (out != null) {
                long at = kernels.firstNonFinite(out, (long) rows * layers.get(i).outputSize());
                if (at >= 0) {
                    return "the output of layer " + layers.get(i).describe() + " is non-finite (element " + at + ": "
                            + out.getAtIndex(ValueLayout.JAVA_FLOAT, at) + ")";
                }
            }
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            for (Parameter p : layers.get(i).weights()) {
                if (p.gradient() != null) {
                    long at = kernels.firstNonFinite(p.gradient(), p.size());
                    if (at >= 0) {
                        return "the gradient of " + p.name() + " in layer " + layers.get(i).describe()
                                + " is non-finite (element " + at + ")";
                    }
                }
            }
        }
        for (Layer layer : layers) {
            for (Parameter p : layer.weights()) {
                long at = kernels.firstNonFinite(p.value(), p.size());
                if (at >= 0) {
                    return "weight " + p.name() + " of layer " + layer.describe() + " is non-finite (element " + at + ")";
                }
            }
        }
        return "every layer output, gradient and weight is finite (the loss itself overflowed)";
    }
}
