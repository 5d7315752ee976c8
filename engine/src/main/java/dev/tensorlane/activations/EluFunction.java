package dev.tensorlane.activations;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.MemorySegment;

/** ELU with a chosen alpha: {@code f(x) = x > 0 ? x : alpha·(exp(x) − 1)}. */
public record EluFunction(float alpha) implements ActivationFunction {

    /** @throws IllegalArgumentException when alpha is negative or not finite */
    public EluFunction {
        if (!(alpha >= 0f) || Float.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
        }
    }

    @Override
    public String kerasName() {
        return "elu";
    }

    @Override
    public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
        k.elu(x, y, (long) rows * cols, alpha, 1f);
    }

    @Override
    public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                         int rows, int cols) {
        k.eluBackward(y, dy, dx, (long) rows * cols, alpha, 1f);
    }
}
