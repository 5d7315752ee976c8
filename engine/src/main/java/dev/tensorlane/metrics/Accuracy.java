package dev.tensorlane.metrics;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.MemorySegment;

/** Keras's {@code accuracy} for integer labels: the share of rows whose arg-max is the label. */
public final class Accuracy {

    /** Keras's name. */
    public String kerasName() {
        return "accuracy";
    }

    /** Rows of {@code outputs[rows × cols]} whose first maximum is at the label. */
    public int countCorrect(Kernels kernels, MemorySegment outputs, int[] labels, int rows, int cols) {
        return kernels.countCorrect(outputs, labels, rows, cols);
    }
}
