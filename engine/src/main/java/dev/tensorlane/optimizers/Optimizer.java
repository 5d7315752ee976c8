package dev.tensorlane.optimizers;

import dev.tensorlane.kernels.Kernels;
import dev.tensorlane.layers.Parameter;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.Map;

/** Updates a model's trainable weights from their gradients, one batch at a time. */
public interface Optimizer {

    /** Keras's name: {@code adam}, {@code sgd}. */
    String kerasName();

    /** Creates per-weight state (moments, velocities) in {@code arena} for the trainable {@code parameters}. */
    void build(List<Parameter> parameters, Arena arena);

    /** Applies one update to every weight given to {@link #build}: {@link #beginStep}, then {@link #update} of each. */
    default void step(Kernels kernels) {
        beginStep();
        for (int i = 0; i < weightCount(); i++) {
            update(kernels, i);
        }
    }

    /** Starts one update step: counts it (Adam's bias correction uses the new count). */
    void beginStep();

    /**
     * This step's update of weight {@code index} (its position in the list given to {@link #build}).
     * Updates of different weights are independent, so a model may run them on other threads as
     * each weight's gradient becomes ready.
     */
    void update(Kernels kernels, int index);

    /** Weights given to {@link #build}. */
    int weightCount();

    /** Updates applied so far (Keras's {@code optimizer.iterations}). */
    long iterations();

    /** Restores the update count from a checkpoint (Adam's bias correction depends on it). */
    void setIterations(long iterations);

    /**
     * Keras's {@code optimizer.get_config()}: {@code name} and the hyperparameters under Keras's
     * field names; {@link Optimizers#fromConfig} reads it back.
     */
    Map<String, Object> getConfig();

    /** Keras's class name: {@code Adam}, {@code SGD}. */
    String className();

    /**
     * The per-weight state (moments, velocities) as live segments, in weight order; empty before
     * {@link #build} and for stateless settings. Checkpoints save and restore these in place.
     */
    List<OptimizerSlot> slots();
}
