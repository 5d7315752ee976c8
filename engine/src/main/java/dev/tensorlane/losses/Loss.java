package dev.tensorlane.losses;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.MemorySegment;

/** A loss over a batch of model outputs {@code [rows × cols]} and integer labels. */
public interface Loss {

    /** Keras's name, e.g. {@code sparse_categorical_crossentropy}. */
    String kerasName();

    /** The loss summed over the rows (the caller divides by the row count for the mean). */
    double sum(Kernels kernels, MemorySegment outputs, int[] labels, int rows, int cols);

    /** {@code dL/d(outputs)} of the batch-mean loss. */
    void gradient(Kernels kernels, MemorySegment outputs, int[] labels, MemorySegment gradient, int rows, int cols);

    /**
     * When the outputs are a softmax of logits: {@code dL/d(logits)} of the batch-mean loss in
     * one step. Returns false when this loss has no fused form (the caller then chains
     * {@link #gradient} through the softmax's backward).
     */
    boolean gradientThroughSoftmax(Kernels kernels, MemorySegment probabilities, int[] labels,
                                   MemorySegment logitGradient, int rows, int cols);
}
