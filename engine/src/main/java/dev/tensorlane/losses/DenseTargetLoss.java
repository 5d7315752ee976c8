package dev.tensorlane.losses;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.MemorySegment;

/** A loss on float targets shaped like the outputs (the non-sparse Keras losses). */
abstract class DenseTargetLoss implements Loss {

    @Override
    public final boolean sparseLabels() {
        return false;
    }

    @Override
    public abstract double sum(Kernels kernels, MemorySegment outputs, MemorySegment targets, int rows, int cols);

    @Override
    public abstract void gradient(Kernels kernels, MemorySegment outputs, MemorySegment targets, MemorySegment gradient,
                                  int rows, int cols);

    @Override
    public String toString() {
        return kerasName();
    }
}
