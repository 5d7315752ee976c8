package dev.tensorlane.kernels;

import static dev.tensorlane.kernels.VectorKernels.FB;
import static dev.tensorlane.kernels.VectorKernels.LANES;
import static dev.tensorlane.kernels.VectorKernels.ORDER;
import static dev.tensorlane.kernels.VectorKernels.SPECIES;
import static dev.tensorlane.kernels.VectorKernels.VBYTES;
import static dev.tensorlane.kernels.VectorKernels.tailMask;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * {@link VectorKernels}' batch normalization: the training forward pass (batch statistics),
 * inference (moving statistics), the backward pass and the moving averages, with vectors running
 * across the features (columns).
 */
final class VectorBatchNorm {

    // Vectors run across columns (features); each block of two adjacent vectors of columns walks down
    // the rows (then a single vector, where one is left over: a pair whose second vector sits at a
    // run-time distance, which would let a lone vector pair with itself, ran 1.2–1.4× slower than
    // adjacent pairs at 32×100 and 256×100). A range whose width is not a multiple of the vector
    // ends with the range's last whole vector, overlapping columns already done: a column's results
    // depend on that column alone, so they are written again with the same bits (a scalar tail cost
    // more than all the vectors: 3 µs of 4.6 at 32×100). Only a range narrower than one vector runs
    // the scalar reference.

    static void batchNormTraining(MemorySegment x, MemorySegment y, MemorySegment xhat, int rows, int cols,
                                  MemorySegment gamma, MemorySegment beta, float eps,
                                  MemorySegment mean, MemorySegment variance, MemorySegment invStd) {
        batchNormTrainingColumns(x, y, xhat, rows, cols, gamma, beta, eps, mean, variance, invStd, 0, cols);
    }

    static void batchNormTrainingColumns(MemorySegment x, MemorySegment y, MemorySegment xhat, int rows, int cols,
                                         MemorySegment gamma, MemorySegment beta, float eps, MemorySegment mean,
                                         MemorySegment variance, MemorySegment invStd, int colFrom, int colTo) {
        int j = colFrom;
        for (; j + 2 * LANES <= colTo; j += 2 * LANES) {
            batchNormTrainingColumnPair(x, y, xhat, rows, cols, gamma, beta, eps, mean, variance, invStd, j);
        }
        for (; j + LANES <= colTo; j += LANES) {
            batchNormTrainingColumns(x, y, xhat, rows, cols, gamma, beta, eps, mean, variance, invStd, j);
        }
        if (j < colTo && colTo - colFrom >= LANES) {
            batchNormTrainingColumns(x, y, xhat, rows, cols, gamma, beta, eps, mean, variance, invStd, colTo - LANES);
        } else {
            ScalarKernels.batchNormTrainingColumns(x, y, xhat, rows, cols, gamma, beta, eps, mean, variance, invStd, j, colTo);
        }
    }

    private static void batchNormTrainingColumns(MemorySegment x, MemorySegment y, MemorySegment xhat, int rows,
                                                 int cols, MemorySegment gamma, MemorySegment beta, float eps,
                                                 MemorySegment mean, MemorySegment variance, MemorySegment invStd,
                                                 int j) {
        long column = j * FB;
        long rowBytes = cols * FB;
        // (loops inline: helpers returning vectors are sometimes left uninlined by C2, and box)
        FloatVector sum = FloatVector.zero(SPECIES);
        for (long offset = column, end = column + rows * rowBytes; offset < end; offset += rowBytes) {
            sum = sum.add(FloatVector.fromMemorySegment(SPECIES, x, offset, ORDER));
        }
        FloatVector mu = sum.div(rows);
        // second pass: biased variance = Σ (x − mean)² / N, free of the cancellation of E[x²] − mean²
        FloatVector squares = FloatVector.zero(SPECIES);
        for (long offset = column, end = column + rows * rowBytes; offset < end; offset += rowBytes) {
            FloatVector d = FloatVector.fromMemorySegment(SPECIES, x, offset, ORDER).sub(mu);
            squares = d.fma(d, squares);
        }
        FloatVector var = squares.div(rows);
        FloatVector inv = FloatVector.broadcast(SPECIES, 1f).div(var.add(eps).sqrt());
        mu.intoMemorySegment(mean, column, ORDER);
        var.intoMemorySegment(variance, column, ORDER);
        inv.intoMemorySegment(invStd, column, ORDER);
        FloatVector g = FloatVector.fromMemorySegment(SPECIES, gamma, column, ORDER);
        FloatVector b = FloatVector.fromMemorySegment(SPECIES, beta, column, ORDER);
        for (long offset = column, end = column + rows * rowBytes; offset < end; offset += rowBytes) {
            FloatVector normalized = FloatVector.fromMemorySegment(SPECIES, x, offset, ORDER).sub(mu).mul(inv); // xhat = (x − mean)·invStd
            normalized.intoMemorySegment(xhat, offset, ORDER);
            normalized.fma(g, b).intoMemorySegment(y, offset, ORDER); // y = gamma·xhat + beta
        }
    }

    /**
     * {@link #batchNormTrainingColumns(MemorySegment, MemorySegment, MemorySegment, int, int, MemorySegment,
     * MemorySegment, float, MemorySegment, MemorySegment, MemorySegment, int)} on the two vectors of columns
     * from j at once: each row's visit reads two adjacent vectors (one walk down the rows instead of two,
     * and rows of 100 floats are not line-aligned, so a lone vector straddles two cache lines). Every
     * column gets the same operations in the same order as alone.
     */
    private static void batchNormTrainingColumnPair(MemorySegment x, MemorySegment y, MemorySegment xhat, int rows,
                                                    int cols, MemorySegment gamma, MemorySegment beta, float eps,
                                                    MemorySegment mean, MemorySegment variance,
                                                    MemorySegment invStd, int j) {
        long column = j * FB;
        long rowBytes = cols * FB;
        long end = column + rows * rowBytes;
        FloatVector sum0 = FloatVector.zero(SPECIES);
        FloatVector sum1 = FloatVector.zero(SPECIES);
        for (long offset = column; offset < end; offset += rowBytes) {
            sum0 = sum0.add(FloatVector.fromMemorySegment(SPECIES, x, offset, ORDER));
            sum1 = sum1.add(FloatVector.fromMemorySegment(SPECIES, x, offset + VBYTES, ORDER));
        }
        FloatVector mu0 = sum0.div(rows);
        FloatVector mu1 = sum1.div(rows);
        FloatVector squares0 = FloatVector.zero(SPECIES);
        FloatVector squares1 = FloatVector.zero(SPECIES);
        for (long offset = column; offset < end; offset += rowBytes) {
            FloatVector d0 = FloatVector.fromMemorySegment(SPECIES, x, offset, ORDER).sub(mu0);
            FloatVector d1 = FloatVector.fromMemorySegment(SPECIES, x, offset + VBYTES, ORDER).sub(mu1);
            squares0 = d0.fma(d0, squares0);
            squares1 = d1.fma(d1, squares1);
        }
        FloatVector var0 = squares0.div(rows);
        FloatVector var1 = squares1.div(rows);
        FloatVector inv0 = FloatVector.broadcast(SPECIES, 1f).div(var0.add(eps).sqrt());
        FloatVector inv1 = FloatVector.broadcast(SPECIES, 1f).div(var1.add(eps).sqrt());
        mu0.intoMemorySegment(mean, column, ORDER);
        mu1.intoMemorySegment(mean, column + VBYTES, ORDER);
        var0.intoMemorySegment(variance, column, ORDER);
        var1.intoMemorySegment(variance, column + VBYTES, ORDER);
        inv0.intoMemorySegment(invStd, column, ORDER);
        inv1.intoMemorySegment(invStd, column + VBYTES, ORDER);
        FloatVector g0 = FloatVector.fromMemorySegment(SPECIES, gamma, column, ORDER);
        FloatVector g1 = FloatVector.fromMemorySegment(SPECIES, gamma, column + VBYTES, ORDER);
        FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, beta, column, ORDER);
        FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, beta, column + VBYTES, ORDER);
        for (long offset = column; offset < end; offset += rowBytes) {
            FloatVector normalized0 = FloatVector.fromMemorySegment(SPECIES, x, offset, ORDER).sub(mu0).mul(inv0);
            FloatVector normalized1 = FloatVector.fromMemorySegment(SPECIES, x, offset + VBYTES, ORDER).sub(mu1).mul(inv1);
            normalized0.intoMemorySegment(xhat, offset, ORDER);
            normalized1.intoMemorySegment(xhat, offset + VBYTES, ORDER);
            normalized0.fma(g0, b0).intoMemorySegment(y, offset, ORDER);
            normalized1.fma(g1, b1).intoMemorySegment(y, offset + VBYTES, ORDER);
        }
    }

    static void batchNormInference(MemorySegment x, MemorySegment y, int rows, int cols,
                                   MemorySegment gamma, MemorySegment beta,
                                   MemorySegment movingMean, MemorySegment movingVariance, float eps) {
        batchNormInferenceColumns(x, y, rows, cols, gamma, beta, movingMean, movingVariance, eps, 0, cols);
    }

    static void batchNormInferenceColumns(MemorySegment x, MemorySegment y, int rows, int cols, MemorySegment gamma,
                                          MemorySegment beta, MemorySegment movingMean, MemorySegment movingVariance,
                                          float eps, int colFrom, int colTo) {
        int j = colFrom;
        for (; j + 2 * LANES <= colTo; j += 2 * LANES) {
            batchNormInferenceColumnPair(x, y, rows, cols, gamma, beta, movingMean, movingVariance, eps, j);
        }
        for (; j + LANES <= colTo; j += LANES) {
            batchNormInferenceColumns(x, y, rows, cols, gamma, beta, movingMean, movingVariance, eps, j);
        }
        if (j < colTo && colTo - colFrom >= LANES) {
            batchNormInferenceColumns(x, y, rows, cols, gamma, beta, movingMean, movingVariance, eps, colTo - LANES);
        } else {
            ScalarKernels.batchNormInferenceColumns(x, y, rows, cols, gamma, beta, movingMean, movingVariance, eps, j, colTo);
        }
    }

    /** {@code y = x·s + t} with {@code s = gamma / sqrt(var + eps)} and {@code t = beta − mean·s}. */
    private static void batchNormInferenceColumns(MemorySegment x, MemorySegment y, int rows, int cols,
                                                  MemorySegment gamma, MemorySegment beta, MemorySegment movingMean,
                                                  MemorySegment movingVariance, float eps, int j) {
        long column = j * FB;
        long rowBytes = cols * FB;
        FloatVector s = FloatVector.fromMemorySegment(SPECIES, gamma, column, ORDER)
                .div(FloatVector.fromMemorySegment(SPECIES, movingVariance, column, ORDER).add(eps).sqrt());
        FloatVector t = FloatVector.fromMemorySegment(SPECIES, movingMean, column, ORDER).neg().fma(s,
                FloatVector.fromMemorySegment(SPECIES, beta, column, ORDER));
        for (long offset = column, end = column + rows * rowBytes; offset < end; offset += rowBytes) {
            FloatVector.fromMemorySegment(SPECIES, x, offset, ORDER).fma(s, t).intoMemorySegment(y, offset, ORDER);
        }
    }

    /** The two vectors of columns from j in one walk down the rows; see {@link #batchNormTrainingColumnPair}. */
    private static void batchNormInferenceColumnPair(MemorySegment x, MemorySegment y, int rows, int cols,
                                                     MemorySegment gamma, MemorySegment beta, MemorySegment movingMean,
                                                     MemorySegment movingVariance, float eps, int j) {
        long column = j * FB;
        long rowBytes = cols * FB;
        FloatVector s0 = FloatVector.fromMemorySegment(SPECIES, gamma, column, ORDER)
                .div(FloatVector.fromMemorySegment(SPECIES, movingVariance, column, ORDER).add(eps).sqrt());
        FloatVector s1 = FloatVector.fromMemorySegment(SPECIES, gamma, column + VBYTES, ORDER)
                .div(FloatVector.fromMemorySegment(SPECIES, movingVariance, column + VBYTES, ORDER).add(eps).sqrt());
        FloatVector t0 = FloatVector.fromMemorySegment(SPECIES, movingMean, column, ORDER).neg().fma(s0,
                FloatVector.fromMemorySegment(SPECIES, beta, column, ORDER));
        FloatVector t1 = FloatVector.fromMemorySegment(SPECIES, movingMean, column + VBYTES, ORDER).neg().fma(s1,
                FloatVector.fromMemorySegment(SPECIES, beta, column + VBYTES, ORDER));
        for (long offset = column, end = column + rows * rowBytes; offset < end; offset += rowBytes) {
            FloatVector.fromMemorySegment(SPECIES, x, offset, ORDER).fma(s0, t0).intoMemorySegment(y, offset, ORDER);
            FloatVector.fromMemorySegment(SPECIES, x, offset + VBYTES, ORDER).fma(s1, t1)
                    .intoMemorySegment(y, offset + VBYTES, ORDER);
        }
    }

    static void batchNormBackward(MemorySegment dy, MemorySegment xhat, MemorySegment invStd, MemorySegment gamma,
                                  MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta, int rows, int cols) {
        batchNormBackwardColumns(dy, xhat, invStd, gamma, dx, dgamma, dbeta, rows, cols, 0, cols);
    }

    static void batchNormBackwardColumns(MemorySegment dy, MemorySegment xhat, MemorySegment invStd, MemorySegment gamma,
                                         MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta, int rows, int cols,
                                         int colFrom, int colTo) {
        int j = colFrom;
        for (; j + 2 * LANES <= colTo; j += 2 * LANES) {
            batchNormBackwardColumnPair(dy, xhat, invStd, gamma, dx, dgamma, dbeta, rows, cols, j);
        }
        for (; j + LANES <= colTo; j += LANES) {
            batchNormBackwardColumns(dy, xhat, invStd, gamma, dx, dgamma, dbeta, rows, cols, j);
        }
        if (j < colTo && colTo - colFrom >= LANES) {
            batchNormBackwardColumns(dy, xhat, invStd, gamma, dx, dgamma, dbeta, rows, cols, colTo - LANES);
        } else {
            ScalarKernels.batchNormBackwardColumns(dy, xhat, invStd, gamma, dx, dgamma, dbeta, rows, cols, j, colTo);
        }
    }

    private static void batchNormBackwardColumns(MemorySegment dy, MemorySegment xhat, MemorySegment invStd,
                                                 MemorySegment gamma, MemorySegment dx, MemorySegment dgamma,
                                                 MemorySegment dbeta, int rows, int cols, int j) {
        long column = j * FB;
        long rowBytes = cols * FB;
        // one pass for both column sums (each its own chain, as the scalar reference adds them);
        // inline, not in helpers returning vectors, which C2 sometimes leaves uninlined and boxes
        FloatVector sumDy = FloatVector.zero(SPECIES);      // dbeta = Σ dy
        FloatVector sumDyXhat = FloatVector.zero(SPECIES);  // dgamma = Σ dy·xhat
        for (long offset = column, end = column + rows * rowBytes; offset < end; offset += rowBytes) {
            FloatVector d = FloatVector.fromMemorySegment(SPECIES, dy, offset, ORDER);
            sumDy = sumDy.add(d);
            sumDyXhat = d.fma(FloatVector.fromMemorySegment(SPECIES, xhat, offset, ORDER), sumDyXhat);
        }
        sumDy.intoMemorySegment(dbeta, column, ORDER);
        sumDyXhat.intoMemorySegment(dgamma, column, ORDER);
        // dx = gamma·invStd/N · (N·dy − dbeta − xhat·dgamma)
        FloatVector factor = FloatVector.fromMemorySegment(SPECIES, gamma, column, ORDER)
                .mul(FloatVector.fromMemorySegment(SPECIES, invStd, column, ORDER)).div(rows);
        float n = rows;
        for (long offset = column, end = column + rows * rowBytes; offset < end; offset += rowBytes) {
            FloatVector inner = FloatVector.fromMemorySegment(SPECIES, dy, offset, ORDER).mul(n).sub(sumDy)
                    .sub(FloatVector.fromMemorySegment(SPECIES, xhat, offset, ORDER).mul(sumDyXhat));
            inner.mul(factor).intoMemorySegment(dx, offset, ORDER);
        }
    }

    /** The backward of the two vectors of columns from j in one walk down the rows; see {@link #batchNormTrainingColumnPair}. */
    private static void batchNormBackwardColumnPair(MemorySegment dy, MemorySegment xhat, MemorySegment invStd,
                                                    MemorySegment gamma, MemorySegment dx, MemorySegment dgamma,
                                                    MemorySegment dbeta, int rows, int cols, int j) {
        long column = j * FB;
        long rowBytes = cols * FB;
        long end = column + rows * rowBytes;
        FloatVector sumDy0 = FloatVector.zero(SPECIES);
        FloatVector sumDy1 = FloatVector.zero(SPECIES);
        FloatVector sumDyXhat0 = FloatVector.zero(SPECIES);
        FloatVector sumDyXhat1 = FloatVector.zero(SPECIES);
        for (long offset = column; offset < end; offset += rowBytes) {
            FloatVector d0 = FloatVector.fromMemorySegment(SPECIES, dy, offset, ORDER);
            FloatVector d1 = FloatVector.fromMemorySegment(SPECIES, dy, offset + VBYTES, ORDER);
            sumDy0 = sumDy0.add(d0);
            sumDy1 = sumDy1.add(d1);
            sumDyXhat0 = d0.fma(FloatVector.fromMemorySegment(SPECIES, xhat, offset, ORDER), sumDyXhat0);
            sumDyXhat1 = d1.fma(FloatVector.fromMemorySegment(SPECIES, xhat, offset + VBYTES, ORDER), sumDyXhat1);
        }
        sumDy0.intoMemorySegment(dbeta, column, ORDER);
        sumDy1.intoMemorySegment(dbeta, column + VBYTES, ORDER);
        sumDyXhat0.intoMemorySegment(dgamma, column, ORDER);
        sumDyXhat1.intoMemorySegment(dgamma, column + VBYTES, ORDER);
        FloatVector factor0 = FloatVector.fromMemorySegment(SPECIES, gamma, column, ORDER)
                .mul(FloatVector.fromMemorySegment(SPECIES, invStd, column, ORDER)).div(rows);
        FloatVector factor1 = FloatVector.fromMemorySegment(SPECIES, gamma, column + VBYTES, ORDER)
                .mul(FloatVector.fromMemorySegment(SPECIES, invStd, column + VBYTES, ORDER)).div(rows);
        float n = rows;
        for (long offset = column; offset < end; offset += rowBytes) {
            FloatVector inner0 = FloatVector.fromMemorySegment(SPECIES, dy, offset, ORDER).mul(n).sub(sumDy0)
                    .sub(FloatVector.fromMemorySegment(SPECIES, xhat, offset, ORDER).mul(sumDyXhat0));
            FloatVector inner1 = FloatVector.fromMemorySegment(SPECIES, dy, offset + VBYTES, ORDER).mul(n).sub(sumDy1)
                    .sub(FloatVector.fromMemorySegment(SPECIES, xhat, offset + VBYTES, ORDER).mul(sumDyXhat1));
            inner0.mul(factor0).intoMemorySegment(dx, offset, ORDER);
            inner1.mul(factor1).intoMemorySegment(dx, offset + VBYTES, ORDER);
        }
    }

    static void movingAverage(MemorySegment moving, MemorySegment value, long n, float momentum) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        // moving·momentum + value·(1 − momentum), written out rather than in a helper returning a vector
        // (see VectorKernels.adamRange)
        for (; p < body; p += VBYTES) {
            FloatVector.fromMemorySegment(SPECIES, moving, p, ORDER).mul(momentum)
                    .add(FloatVector.fromMemorySegment(SPECIES, value, p, ORDER).mul(1 - momentum))
                    .intoMemorySegment(moving, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            FloatVector.fromMemorySegment(SPECIES, moving, p, ORDER, rest).mul(momentum)
                    .add(FloatVector.fromMemorySegment(SPECIES, value, p, ORDER, rest).mul(1 - momentum))
                    .intoMemorySegment(moving, p, ORDER, rest);
        }
    }

    private VectorBatchNorm() {
    }
}
