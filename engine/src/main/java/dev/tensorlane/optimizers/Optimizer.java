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

    /** Applies one update to every weight given to {@link #build}. */
    void step(Kernels kernels);

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
