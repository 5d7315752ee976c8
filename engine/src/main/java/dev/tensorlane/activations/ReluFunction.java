package dev.tensorlane.activations;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.MemorySegment;

/**
 * Keras's {@code relu(x, negative_slope, max_value, threshold)}:
 * {@code f(x) = x < threshold ? negativeSlope·(x − threshold) : min(x, maxValue)}. With threshold 0
 * and no cap it is the leaky ReLU; the ReLU and LeakyReLU layers run on it.
 */
public record ReluFunction(float negativeSlope, float threshold, float maxValue) implements ActivationFunction {

    /**
     * @throws IllegalArgumentException when negativeSlope is negative or not finite, maxValue is
     *                                  negative or NaN, or threshold is not finite
     */
    public ReluFunction {
        if (!(negativeSlope >= 0f) || Float.isInfinite(negativeSlope)) {
            throw new IllegalArgumentException("negative slope must be a finite number >= 0, got " + negativeSlope);
        }
        if (!(maxValue >= 0f)) {
            throw new IllegalArgumentException("max value must be >= 0 (or +Infinity for none), got " + maxValue);
        }
        if (!Float.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a finite number, got " + threshold);
        }
    }

    /** The leaky ReLU {@code x > 0 ? x : slope·x}. */
    public static ReluFunction leaky(float slope) {
        return new ReluFunction(slope, 0f, Float.POSITIVE_INFINITY);
    }

    @Override
    public String kerasName() {
        return threshold == 0f && maxValue == Float.POSITIVE_INFINITY && negativeSlope > 0f ? "leaky_relu" : "relu";
    }

    @Override
    public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
        k.leakyRelu(x, y, (long) rows * cols, negativeSlope, threshold, maxValue);
    }

    @Override
    public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                         int rows, int cols) {
        k.leakyReluBackward(x, dy, dx, (long) rows * cols, negativeSlope, threshold, maxValue);
    }
}
