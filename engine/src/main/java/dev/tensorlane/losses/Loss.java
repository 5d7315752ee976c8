package dev.tensorlane.losses;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.MemorySegment;

/**
 * A loss over a batch of model outputs {@code [rows × cols]} and either integer labels (the sparse
 * losses: {@link #sparseLabels()} true) or float targets of the outputs' shape (mean squared error,
 * binary and categorical crossentropy). Keras's reduction: the mean over the last axis per sample,
 * then the mean over the batch.
 */
public interface Loss {

    /** True when this loss takes one integer label per sample; false when it takes float targets shaped like the outputs. */
    default boolean sparseLabels() {
        return true;
    }

    /** The loss summed over the rows, against float targets {@code [rows × cols]}. */
    default double sum(Kernels kernels, MemorySegment outputs, MemorySegment targets, int rows, int cols) {
        throw new UnsupportedOperationException(kerasName() + " takes integer labels, not float targets");
    }

    /** {@code dL/d(outputs)} of the batch-mean loss against float targets. */
    default void gradient(Kernels kernels, MemorySegment outputs, MemorySegment targets, MemorySegment gradient,
                          int rows, int cols) {
        throw new UnsupportedOperationException(kerasName() + " takes integer labels, not float targets");
    }

    /** As {@link #gradientThroughSoftmax(Kernels, MemorySegment, int[], MemorySegment, int, int)} for float targets. */
    default boolean gradientThroughSoftmax(Kernels kernels, MemorySegment probabilities, MemorySegment targets,
                                           MemorySegment logitGradient, int rows, int cols) {
        return false;
    }

    /** Keras's name, e.g. {@code sparse_categorical_crossentropy}. */
    String kerasName();

    /** The loss summed over the rows (the caller divides by the row count for the mean). */
    default double sum(Kernels kernels, MemorySegment outputs, int[] labels, int rows, int cols) {
        throw new UnsupportedOperationException(kerasName() + " takes float targets shaped like the outputs, not integer labels");
    }

    /** {@code dL/d(outputs)} of the batch-mean loss. */
    default void gradient(Kernels kernels, MemorySegment outputs, int[] labels, MemorySegment gradient, int rows, int cols) {
        throw new UnsupportedOperationException(kerasName() + " takes float targets shaped like the outputs, not integer labels");
    }

    /**
     * When the outputs are a softmax of logits: {@code dL/d(logits)} of the batch-mean loss in
     * one step. Returns false when this loss has no fused form (the caller then chains
     * {@link #gradient} through the softmax's backward).
     */
    default boolean gradientThroughSoftmax(Kernels kernels, MemorySegment probabilities, int[] labels,
                                           MemorySegment logitGradient, int rows, int cols) {
        return false;
    }
}
