package dev.tensorlane.kernels;

import static dev.tensorlane.kernels.VectorActivations.rowMax;
import static dev.tensorlane.kernels.VectorKernels.FB;
import static dev.tensorlane.kernels.VectorKernels.LANES;
import static dev.tensorlane.kernels.VectorKernels.ORDER;
import static dev.tensorlane.kernels.VectorKernels.SPECIES;
import static dev.tensorlane.kernels.VectorKernels.VBYTES;
import static dev.tensorlane.kernels.VectorKernels.get;
import static dev.tensorlane.kernels.VectorKernels.set;
import static dev.tensorlane.kernels.VectorKernels.sumLanes;
import static dev.tensorlane.kernels.VectorKernels.tailMask;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link VectorKernels}' losses and metrics: sparse cross-entropy and its gradient fused with
 * softmax, the float-target losses (squared and absolute error, binary and categorical
 * cross-entropy) and their gradients, and the count of correct predictions.
 */
final class VectorLosses {

    /**
     * Reads one probability per row ({@code p[r][labels[r]]}), so there is nothing to vectorize:
     * a scalar loop, {@code Σ −log(clip(p, eps, 1 − eps))} in double.
     */
    static double sparseCrossEntropy(MemorySegment p, int[] labels, int rows, int cols, float eps) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            float probability = get(p, (long) r * cols + labels[r]);
            sum -= Math.log(Math.min(Math.max(probability, eps), 1 - eps));
        }
        return sum;
    }

    /** {@code dlogits = p·scale} in vectors, then one correction per row: {@code (p[y] − 1)·scale}. */
    static void softmaxCrossEntropyBackward(MemorySegment p, int[] labels, MemorySegment dlogits,
                                            int rows, int cols, float scale) {
        long n = (long) rows * cols;
        long body = SPECIES.loopBound(n) * FB;
        long q = 0;
        for (; q < body; q += VBYTES) {
            FloatVector.fromMemorySegment(SPECIES, p, q, ORDER).mul(scale).intoMemorySegment(dlogits, q, ORDER);
        }
        scaleTailAndSubtractLabels(p, labels, dlogits, rows, cols, scale, q / FB);
    }

    /** Scalar tail {@code dlogits[i] = p[i]·scale} from {@code from}, then {@code (p[y] − 1)·scale} per row. */
    private static void scaleTailAndSubtractLabels(MemorySegment p, int[] labels, MemorySegment dlogits,
                                                   int rows, int cols, float scale, long from) {
        for (long i = from, n = (long) rows * cols; i < n; i++) {
            set(dlogits, i, get(p, i) * scale);
        }
        for (int r = 0; r < rows; r++) {
            long index = (long) r * cols + labels[r];
            set(dlogits, index, (get(p, index) - 1f) * scale);
        }
    }

    // ------------------------------------------------------------------ losses on float targets
    // Reductions run in float vectors over blocks of 1024 vectors, each block's lanes then joining a
    // double (as dot does); tails are the scalar reference code. No masked memory access.

    /** Vectors per reduction block. */
    private static final long BLOCK_VECTORS = 1024;

    static double squaredErrorSum(MemorySegment p, MemorySegment t, long n) {
        long body = SPECIES.loopBound(n) * FB;
        double sum = 0;
        for (long q = 0; q < body; q += BLOCK_VECTORS * VBYTES) {
            sum += squaredErrorBlock(p, t, q, Math.min(body, q + BLOCK_VECTORS * VBYTES));
        }
        for (long i = body / FB; i < n; i++) {
            double d = get(p, i) - get(t, i);
            sum += d * d;
        }
        return sum;
    }

    private static double squaredErrorBlock(MemorySegment p, MemorySegment t, long from, long to) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (long q = from; q < to; q += VBYTES) {
            FloatVector d = FloatVector.fromMemorySegment(SPECIES, p, q, ORDER).sub(FloatVector.fromMemorySegment(SPECIES, t, q, ORDER));
            acc = d.fma(d, acc);
        }
        return sumLanes(acc);
    }

    static double absoluteErrorSum(MemorySegment p, MemorySegment t, long n) {
        long body = SPECIES.loopBound(n) * FB;
        double sum = 0;
        for (long q = 0; q < body; q += BLOCK_VECTORS * VBYTES) {
            sum += absoluteErrorBlock(p, t, q, Math.min(body, q + BLOCK_VECTORS * VBYTES));
        }
        for (long i = body / FB; i < n; i++) {
            sum += Math.abs(get(p, i) - get(t, i));
        }
        return sum;
    }

    private static double absoluteErrorBlock(MemorySegment p, MemorySegment t, long from, long to) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (long q = from; q < to; q += VBYTES) {
            acc = acc.add(FloatVector.fromMemorySegment(SPECIES, p, q, ORDER).sub(FloatVector.fromMemorySegment(SPECIES, t, q, ORDER)).abs());
        }
        return sumLanes(acc);
    }

    static void differenceScaled(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float scale) {
        long body = SPECIES.loopBound(n) * FB;
        for (long q = 0; q < body; q += VBYTES) {
            FloatVector.fromMemorySegment(SPECIES, p, q, ORDER).sub(FloatVector.fromMemorySegment(SPECIES, t, q, ORDER)).mul(scale)
                    .intoMemorySegment(dp, q, ORDER);
        }
        for (long i = body / FB; i < n; i++) {
            set(dp, i, (get(p, i) - get(t, i)) * scale);
        }
    }

    static void absoluteErrorBackward(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float scale) {
        long body = SPECIES.loopBound(n) * FB;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (long q = 0; q < body; q += VBYTES) {
            FloatVector d = FloatVector.fromMemorySegment(SPECIES, p, q, ORDER).sub(FloatVector.fromMemorySegment(SPECIES, t, q, ORDER));
            zero.blend(scale, d.compare(VectorOperators.GT, 0f)).blend(-scale, d.compare(VectorOperators.LT, 0f))
                    .intoMemorySegment(dp, q, ORDER);
        }
        for (long i = body / FB; i < n; i++) {
            set(dp, i, Math.signum(get(p, i) - get(t, i)) * scale);
        }
    }

    static double binaryCrossEntropySum(MemorySegment p, MemorySegment t, long n, float eps) {
        long body = SPECIES.loopBound(n) * FB;
        double sum = 0;
        for (long q = 0; q < body; q += BLOCK_VECTORS * VBYTES) {
            sum += binaryCrossEntropyBlock(p, t, q, Math.min(body, q + BLOCK_VECTORS * VBYTES), eps);
        }
        for (long i = body / FB; i < n; i++) {
            float c = Math.min(Math.max(get(p, i), eps), 1 - eps);
            float target = get(t, i);
            sum -= target * Math.log(c) + (1 - target) * Math.log(1 - c);
        }
        return sum;
    }

    /** {@code −Σ (t·log c + (1 − t)·log(1 − c))} over one block, c the clipped probability. */
    private static double binaryCrossEntropyBlock(MemorySegment p, MemorySegment t, long from, long to, float eps) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (long q = from; q < to; q += VBYTES) {
            FloatVector c = FloatVector.fromMemorySegment(SPECIES, p, q, ORDER).max(eps).min(1 - eps);
            FloatVector target = FloatVector.fromMemorySegment(SPECIES, t, q, ORDER);
            FloatVector logC = c.lanewise(VectorOperators.LOG);
            FloatVector log1mC = c.neg().add(1f).lanewise(VectorOperators.LOG);
            // t·log c + (1 − t)·log(1 − c) = log(1 − c) + t·(log c − log(1 − c))
            acc = acc.add(target.fma(logC.sub(log1mC), log1mC));
        }
        return -sumLanes(acc);
    }

    static void binaryCrossEntropyBackward(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float eps, float scale) {
        long body = SPECIES.loopBound(n) * FB;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (long q = 0; q < body; q += VBYTES) {
            FloatVector probability = FloatVector.fromMemorySegment(SPECIES, p, q, ORDER);
            FloatVector target = FloatVector.fromMemorySegment(SPECIES, t, q, ORDER);
            VectorMask<Float> inside = probability.compare(VectorOperators.GE, eps)
                    .and(probability.compare(VectorOperators.LE, 1 - eps));
            // (1 − t)/(1 − p) − t/p
            FloatVector g = target.neg().add(1f).div(probability.neg().add(1f)).sub(target.div(probability)).mul(scale);
            zero.blend(g, inside).intoMemorySegment(dp, q, ORDER);
        }
        for (long i = body / FB; i < n; i++) {
            set(dp, i, ScalarKernels.binaryCrossEntropyGradient(get(p, i), get(t, i), eps, scale));
        }
    }

    /**
     * Rows shorter than a vector (10 classes on 256 or 512 bits) take the scalar reference row;
     * longer rows reduce their sum in vectors and take the logs lane-wise.
     */
    static double categoricalCrossEntropySum(MemorySegment p, MemorySegment t, int rows, int cols, float eps) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols;
            sum += cols < LANES ? ScalarKernels.categoricalCrossEntropyRow(p, t, row, cols, eps)
                    : categoricalCrossEntropyRow(p, t, row, cols, eps);
        }
        return sum;
    }

    private static double categoricalCrossEntropyRow(MemorySegment p, MemorySegment t, long row, int cols, float eps) {
        float s = rowSum(p, row, cols);
        long start = row * FB;
        long body = start + SPECIES.loopBound(cols) * FB;
        FloatVector acc = FloatVector.zero(SPECIES);
        for (long q = start; q < body; q += VBYTES) {
            FloatVector clipped = FloatVector.fromMemorySegment(SPECIES, p, q, ORDER).div(s).max(eps).min(1 - eps);
            acc = FloatVector.fromMemorySegment(SPECIES, t, q, ORDER).fma(clipped.lanewise(VectorOperators.LOG), acc);
        }
        double sum = -sumLanes(acc);
        for (long i = body / FB; i < row + cols; i++) {
            float q = Math.min(Math.max(get(p, i) / s, eps), 1 - eps);
            sum -= get(t, i) * Math.log(q);
        }
        return sum;
    }

    /** Σ of one row of at least one vector: vector partial sums, then the scalar tail. */
    private static float rowSum(MemorySegment p, long row, int cols) {
        long start = row * FB;
        long body = start + SPECIES.loopBound(cols) * FB;
        FloatVector acc = FloatVector.zero(SPECIES);
        for (long q = start; q < body; q += VBYTES) {
            acc = acc.add(FloatVector.fromMemorySegment(SPECIES, p, q, ORDER));
        }
        float s = sumLanes(acc);
        for (long i = body / FB; i < row + cols; i++) {
            s += get(p, i);
        }
        return s;
    }

    static void categoricalCrossEntropyBackward(MemorySegment p, MemorySegment t, MemorySegment dp, int rows, int cols,
                                                float eps, float scale) {
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols;
            if (cols < LANES) {
                ScalarKernels.categoricalCrossEntropyBackwardRow(p, t, dp, row, cols, eps, scale);
            } else {
                categoricalCrossEntropyBackwardRow(p, t, dp, row, cols, eps, scale);
            }
        }
    }

    private static void categoricalCrossEntropyBackwardRow(MemorySegment p, MemorySegment t, MemorySegment dp, long row,
                                                           int cols, float eps, float scale) {
        float s = rowSum(p, row, cols);
        long start = row * FB;
        long body = start + SPECIES.loopBound(cols) * FB;
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector acc = zero;
        for (long q = start; q < body; q += VBYTES) {
            FloatVector normalized = FloatVector.fromMemorySegment(SPECIES, p, q, ORDER).div(s);
            VectorMask<Float> inside = normalized.compare(VectorOperators.GE, eps).and(normalized.compare(VectorOperators.LE, 1 - eps));
            acc = acc.add(zero.blend(FloatVector.fromMemorySegment(SPECIES, t, q, ORDER), inside));
        }
        float unclippedTargets = sumLanes(acc);
        for (long i = body / FB; i < row + cols; i++) {
            float q = get(p, i) / s;
            if (q >= eps && q <= 1 - eps) {
                unclippedTargets += get(t, i);
            }
        }
        float perSum = scale / s;
        for (long q = start; q < body; q += VBYTES) {
            FloatVector normalized = FloatVector.fromMemorySegment(SPECIES, p, q, ORDER).div(s);
            VectorMask<Float> inside = normalized.compare(VectorOperators.GE, eps).and(normalized.compare(VectorOperators.LE, 1 - eps));
            FloatVector g = zero.blend(FloatVector.fromMemorySegment(SPECIES, t, q, ORDER).div(normalized), inside);
            g.neg().add(unclippedTargets).mul(perSum).intoMemorySegment(dp, q, ORDER);
        }
        for (long i = body / FB; i < row + cols; i++) {
            float q = get(p, i) / s;
            float g = q >= eps && q <= 1 - eps ? get(t, i) / q : 0f;
            set(dp, i, (unclippedTargets - g) * perSum);
        }
    }

    static int countCorrect(MemorySegment p, int[] labels, int rows, int cols) {
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            if (rowArgMax(p, (long) r * cols, cols) == labels[r]) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * Index of the first maximum of a row: the maximum in vectors, then the first lane equal to it.
     * Rows shorter than a vector (the usual 10 classes on 256 or 512 bits) are faster in scalar
     * code, and a NaN maximum matches no lane: both use the scalar rule of {@link ScalarKernels}.
     */
    private static int rowArgMax(MemorySegment p, long rowIndex, int cols) {
        if (cols < LANES) {
            return ScalarKernels.argMax(p, rowIndex, cols);
        }
        long row = rowIndex * FB;
        float max = rowMax(p, row, cols);
        for (int j = 0; j < cols; j += LANES) {
            VectorMask<Float> valid = tailMask(j, cols);
            VectorMask<Float> equal = FloatVector.fromMemorySegment(SPECIES, p, row + j * FB, ORDER, valid).compare(VectorOperators.EQ, max).and(valid);
            if (equal.anyTrue()) {
                return j + equal.firstTrue();
            }
        }
        return ScalarKernels.argMax(p, rowIndex, cols);
    }

    private VectorLosses() {
    }
}
