package dev.tensorlane.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Kernels that can compute a slice of a heavy kernel's output, so that {@link ParallelKernels}
 * can hand each thread its own slice. A slice gets exactly the operations, in the same order,
 * that the whole call would give it, provided the split points are multiples of
 * {@link #alignment()}: results are bit-identical for any number of threads.
 */
interface PartitionableKernels extends Kernels {

    /** Split points between parts must be multiples of this many elements (the vector length). */
    int alignment();

    /** Rows [rowFrom, rowTo) of {@link #matmul}'s C. */
    void matmulRows(MemorySegment a, MemorySegment b, MemorySegment bias, MemorySegment c,
                    int m, int k, int n, boolean accumulate, int rowFrom, int rowTo);

    /** Rows [rowFrom, rowTo) of {@link #matmulTransA}'s C. */
    void matmulTransARows(MemorySegment a, MemorySegment b, MemorySegment c,
                          int m, int k, int n, boolean accumulate, int rowFrom, int rowTo);

    /** Source columns [colFrom, colTo) of {@link #transpose}, i.e. those rows of dst. */
    void transposeColumns(MemorySegment src, MemorySegment dst, int rows, int cols, int colFrom, int colTo);

    /** Elements [from, to) of {@link #elu}. */
    void eluRange(MemorySegment x, MemorySegment y, long from, long to, float alpha, float scale);

    /** Elements [from, to) of {@link #eluBackward}. */
    void eluBackwardRange(MemorySegment y, MemorySegment dy, MemorySegment dx, long from, long to,
                          float alpha, float scale);

    /** Columns [colFrom, colTo) of {@link #batchNormTraining}. */
    void batchNormTrainingColumns(MemorySegment x, MemorySegment y, MemorySegment xhat, int rows, int cols,
                                  MemorySegment gamma, MemorySegment beta, float eps, MemorySegment mean,
                                  MemorySegment variance, MemorySegment invStd, int colFrom, int colTo);

    /** Columns [colFrom, colTo) of {@link #batchNormInference}. */
    void batchNormInferenceColumns(MemorySegment x, MemorySegment y, int rows, int cols, MemorySegment gamma,
                                   MemorySegment beta, MemorySegment movingMean, MemorySegment movingVariance,
                                   float eps, int colFrom, int colTo);

    /** Columns [colFrom, colTo) of {@link #batchNormBackward}. */
    void batchNormBackwardColumns(MemorySegment dy, MemorySegment xhat, MemorySegment invStd, MemorySegment gamma,
                                  MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta, int rows, int cols,
                                  int colFrom, int colTo);

    /** Elements [from, to) of {@link #adam}. */
    void adamRange(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long from, long to,
                   float lrT, float beta1, float beta2, float eps);
}
