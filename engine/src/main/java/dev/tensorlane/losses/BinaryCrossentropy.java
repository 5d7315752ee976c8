package dev.tensorlane.losses;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.MemorySegment;

/**
 * Keras's {@code binary_crossentropy} on probabilities ({@code from_logits=False}): p clipped to
 * {@code [1e−7, 1 − 1e−7]}, per element {@code −(t·log p + (1 − t)·log(1 − p))}, the mean over the
 * last axis per sample, then the batch mean. Gradient: {@code ((1 − t)/(1 − p) − t/p) / (rows·cols)}
 * inside the clip, 0 outside (the clip's gradient).
 */
public final class BinaryCrossentropy extends DenseTargetLoss {

    @Override
    public String kerasName() {
        return "binary_crossentropy";
    }

    @Override
    public double sum(Kernels kernels, MemorySegment outputs, MemorySegment targets, int rows, int cols) {
        return kernels.binaryCrossEntropySum(outputs, targets, (long) rows * cols, SparseCategoricalCrossentropy.EPSILON) / cols;
    }

    @Override
    public void gradient(Kernels kernels, MemorySegment outputs, MemorySegment targets, MemorySegment gradient, int rows, int cols) {
        kernels.binaryCrossEntropyBackward(outputs, targets, gradient, (long) rows * cols, SparseCategoricalCrossentropy.EPSILON,
                1f / ((float) rows * cols));
    }
}
