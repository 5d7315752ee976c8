package dev.tensorlane.losses;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.MemorySegment;

/**
 * Keras's {@code mean_absolute_error}: per sample {@code mean_j |p − t|}, then the batch mean.
 * Gradient of the batch mean: {@code sign(p − t) / (rows·cols)}, 0 where p equals t (TensorFlow's).
 */
public final class MeanAbsoluteError extends DenseTargetLoss {

    @Override
    public String kerasName() {
        return "mean_absolute_error";
    }

    @Override
    public double sum(Kernels kernels, MemorySegment outputs, MemorySegment targets, int rows, int cols) {
        return kernels.absoluteErrorSum(outputs, targets, (long) rows * cols) / cols;
    }

    @Override
    public void gradient(Kernels kernels, MemorySegment outputs, MemorySegment targets, MemorySegment gradient, int rows, int cols) {
        kernels.absoluteErrorBackward(outputs, targets, gradient, (long) rows * cols, 1f / ((float) rows * cols));
    }
}
