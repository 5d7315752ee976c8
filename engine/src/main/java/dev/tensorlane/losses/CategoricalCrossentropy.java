package dev.tensorlane.losses;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.MemorySegment;

/**
 * Keras's {@code categorical_crossentropy} on probabilities with one-hot (or any non-negative,
 * row-sum-1) targets: each row of p is divided by its sum, clipped to {@code [1e−7, 1 − 1e−7]},
 * and the row's loss is {@code −Σ t·log p}; then the batch mean. After a softmax the gradient with
 * respect to the logits is fused: {@code (p − t) / rows}; otherwise it goes through the
 * normalisation and clip ({@link Kernels#categoricalCrossEntropyBackward}).
 */
public final class CategoricalCrossentropy extends DenseTargetLoss {

    @Override
    public String kerasName() {
        return "categorical_crossentropy";
    }

    @Override
    public double sum(Kernels kernels, MemorySegment outputs, MemorySegment targets, int rows, int cols) {
        return kernels.categoricalCrossEntropySum(outputs, targets, rows, cols, SparseCategoricalCrossentropy.EPSILON);
    }

    @Override
    public void gradient(Kernels kernels, MemorySegment outputs, MemorySegment targets, MemorySegment gradient, int rows, int cols) {
        kernels.categoricalCrossEntropyBackward(outputs, targets, gradient, rows, cols, SparseCategoricalCrossentropy.EPSILON, 1f / rows);
    }

    @Override
    public boolean gradientThroughSoftmax(Kernels kernels, MemorySegment probabilities, MemorySegment targets,
                                          MemorySegment logitGradient, int rows, int cols) {
        kernels.differenceScaled(probabilities, targets, logitGradient, (long) rows * cols, 1f / rows);
        return true;
    }
}
