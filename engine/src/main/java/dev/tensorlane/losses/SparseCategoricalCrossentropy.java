package dev.tensorlane.losses;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Keras's {@code sparse_categorical_crossentropy} on probabilities: {@code −log p[y]}, with p
 * clipped to {@code [1e−7, 1 − 1e−7]}. Following a softmax, its gradient with respect to the
 * logits is {@code (p − onehot(y)) / rows}.
 */
public final class SparseCategoricalCrossentropy implements Loss {

    /** Keras's {@code backend.epsilon()}. */
    public static final float EPSILON = 1e-7f;

    @Override
    public String kerasName() {
        return "sparse_categorical_crossentropy";
    }

    @Override
    public double sum(Kernels kernels, MemorySegment outputs, int[] labels, int rows, int cols) {
        return kernels.sparseCrossEntropy(outputs, labels, rows, cols, EPSILON);
    }

    /**
     * {@code dL/dp[r][j] = −1/(rows · p[r][y])} at the label (0 where the clip is active), 0 elsewhere.
     * Only used when the outputs are not a softmax the loss can fuse with; it touches one element
     * per row, so a plain loop serves.
     */
    @Override
    public void gradient(Kernels kernels, MemorySegment outputs, int[] labels, MemorySegment gradient, int rows, int cols) {
        gradient.asSlice(0, (long) rows * cols * Float.BYTES).fill((byte) 0);
        for (int r = 0; r < rows; r++) {
            long at = (long) r * cols + labels[r];
            float p = outputs.getAtIndex(ValueLayout.JAVA_FLOAT, at);
            boolean clipped = p < EPSILON || p > 1 - EPSILON;
            gradient.setAtIndex(ValueLayout.JAVA_FLOAT, at, clipped ? 0f : -1f / (rows * p));
        }
    }

    @Override
    public boolean gradientThroughSoftmax(Kernels kernels, MemorySegment probabilities, int[] labels,
                                          MemorySegment logitGradient, int rows, int cols) {
        kernels.softmaxCrossEntropyBackward(probabilities, labels, logitGradient, rows, cols, 1f / rows);
        return true;
    }
}
