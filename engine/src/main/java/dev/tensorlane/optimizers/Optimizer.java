package dev.tensorlane.optimizers;

import dev.tensorlane.kernels.Kernels;
import dev.tensorlane.layers.Parameter;

import java.lang.foreign.Arena;
import java.util.List;

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
}
