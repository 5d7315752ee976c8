package dev.tensorlane.activations;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.MemorySegment;

/**
 * An activation applied to a {@code [rows × cols]} batch, forward and backward, on the kernels.
 * Backward receives both the input x and the forward output y, so each function uses whichever
 * gives its derivative most cheaply.
 */
public interface ActivationFunction {

    /** The Keras name: {@code relu}, {@code selu}, {@code softmax}, ... */
    String kerasName();

    /** {@code y = f(x)}. */
    void forward(Kernels kernels, MemorySegment x, MemorySegment y, int rows, int cols);

    /** {@code dx = dy · f'(x)} (for softmax, the full Jacobian-vector product per row). */
    void backward(Kernels kernels, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                  int rows, int cols);

    /** True for {@code linear}: the layer can skip the activation and its workspace. */
    default boolean isIdentity() {
        return false;
    }

    /** True for {@code softmax}: the loss may fuse its gradient with it. */
    default boolean isSoftmax() {
        return false;
    }
}
