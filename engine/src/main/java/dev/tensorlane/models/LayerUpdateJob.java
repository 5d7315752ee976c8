package dev.tensorlane.models;

import dev.tensorlane.kernels.BackgroundJob;
import dev.tensorlane.kernels.Kernels;
import dev.tensorlane.layers.Layer;
import dev.tensorlane.optimizers.Optimizer;

/**
 * One layer's part of a training step that nothing upstream in the backward pass reads: the
 * weight gradients its backward deferred, the optimizer's update of its weights, then what the
 * layer derives from the new weights for the next step (Dense submits its {@code Wᵀ} as a job of
 * its own, which only its next backward awaits). Submitted as soon
 * as the layer's backward returns, it runs on another core beside the backward pass of the layers
 * below (or inline on one thread); inside fit the next step's forward pass awaits it just before
 * it overwrites what the job reads, other calls before they return.
 */
final class LayerUpdateJob extends BackgroundJob {

    private final Layer layer;
    private final Optimizer optimizer;
    private final int[] weightIndices; // the layer's trainable weights, as indices into the optimizer's list
    /** Whether another step follows that may use what {@link Layer#afterWeightUpdate} derives; set before each submit. */
    boolean nextStepFollows;

    LayerUpdateJob(Layer layer, Optimizer optimizer, int[] weightIndices) {
        this.layer = layer;
        this.optimizer = optimizer;
        this.weightIndices = weightIndices.clone();
    }

    @Override
    protected void run(Kernels kernels) {
        layer.computeDeferredGradients(kernels);
        for (int index : weightIndices) {
            optimizer.update(kernels, index);
        }
        if (nextStepFollows) {
            layer.afterWeightUpdate(kernels);
        } else {
            layer.weightsChanged(); // nothing derived from the new weights: what was is stale
        }
    }

    @Override
    public String toString() {
        return "weight update of " + layer.describe();
    }
}
