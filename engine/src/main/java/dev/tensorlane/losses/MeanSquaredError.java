package dev.tensorlane.losses;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.MemorySegment;

/**
 * Keras's {@code mean_squared_error}: per sample {@code mean_j (p − t)²}, then the batch mean.
 * Gradient of the batch mean: {@code 2·(p − t) / (rows·cols)}.
 */
public final class MeanSquaredError extends DenseTargetLoss {

    @Override
    public String kerasName() {
        return "mean_squared_error";
    }

    @Override
    public double sum(Kernels kernels, MemorySegment outputs, MemorySegment targets, int rows, int cols) {
        return kernels.squaredErrorSum(outputs, targets, (long) rows * cols) / cols;
    }

    @Override
    public void gradient(Kernels kernels, MemorySegment outputs, MemorySegment targets, MemorySegment gradient, int rows, int cols) {
        kernels.differenceScaled(outputs, targets, gradient, (long) rows * cols, 2f / ((float) rows * cols));
    }
}
