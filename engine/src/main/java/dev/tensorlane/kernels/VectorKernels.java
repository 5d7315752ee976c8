package dev.tensorlane.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernels, on the Vector API over native memory segments: this class keeps the
 * element-wise helpers, transpose, column sums, optimizers and dropout, and delegates the families
 * {@link VectorGemm} (matrix products), {@link VectorActivations} (activations, softmax, exp),
 * {@link VectorBatchNorm} and {@link VectorLosses} (losses and metrics). These five are the only
 * code of the project that imports {@code jdk.incubator.vector}; the species, the byte-order and
 * layout constants and the small accessors below are shared with them.
 *
 * <p>The species is chosen once per JVM from {@code -Dtensorlane.vectorBits=128|256|512}
 * (default: the CPU's preferred species). Every kernel is a vector body over whole vectors and a
 * tail over the remaining elements, either masked or scalar. Methods stay small: the JIT's C1 tier
 * gives up on big methods with many live vectors ("out of virtual registers"), and C2 stops
 * inlining once a compilation reaches its node limit, which masked memory-segment accesses reach
 * quickly (each inlines into thousands of nodes). Hot loops therefore use unmasked accesses only,
 * and where a masked tail cost more than it saved (GEMM column tails, batch-norm columns, Adam,
 * SGD) the tail is the scalar reference code of {@link ScalarKernels}. Offsets are in bytes and
 * {@code long}.
 */
public final class VectorKernels implements PartitionableKernels {

    static final VectorSpecies<Float> SPECIES = speciesFromProperty();
    static final int LANES = SPECIES.length();
    /** Bytes of one vector. */
    static final long VBYTES = SPECIES.vectorByteSize();
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final long FB = Float.BYTES;

    /** Uses the species named by {@code tensorlane.vectorBits}, or the preferred one. */
    public VectorKernels() {
    }

    private static VectorSpecies<Float> speciesFromProperty() {
        String bits = System.getProperty(KernelProvider.VECTOR_BITS_PROPERTY, "").trim();
        return switch (bits) {
            case "", "0" -> FloatVector.SPECIES_PREFERRED;
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("-D" + KernelProvider.VECTOR_BITS_PROPERTY + "=" + bits
                    + " is not a vector width: use 128, 256 or 512");
        };
    }

    @Override
    public int alignment() {
        return LANES;
    }

    @Override
    public Kernels withThreads(int threads) {
        return threads <= 1 ? this : new ParallelKernels(this, threads);
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    @Override
    public String description() {
        return "vector-" + SPECIES.vectorBitSize() + " (" + LANES + " lanes)";
    }

    // ------------------------------------------------------------------ memory helpers

    // Vector loads are written out as FloatVector.fromMemorySegment(SPECIES, segment, byteOffset, ORDER)
    // at every use, not through a helper: the JDK's method is force-inlined, while a helper of ours
    // that C2 once compiles on its own exceeds the inlining size limit from then on, and every
    // vector it returns into a kernel is boxed (allocated) in that run.

    /** Mask of the lanes {@code index + lane < limit}. */
    static VectorMask<Float> tailMask(long index, long limit) {
        return SPECIES.indexInRange(index, limit);
    }

    static float get(MemorySegment s, long index) {
        return s.getAtIndex(F, index);
    }

    static void set(MemorySegment s, long index, float value) {
        s.setAtIndex(F, index, value);
    }

    // Lane swaps for sumLanes: lane l ↔ l ^ d (a swap as wide as the vector is never applied).
    private static final VectorShuffle<Float> SWAP_1 = laneSwap(1);
    private static final VectorShuffle<Float> SWAP_2 = laneSwap(2);
    private static final VectorShuffle<Float> SWAP_4 = laneSwap(4);
    private static final VectorShuffle<Float> SWAP_8 = laneSwap(8);

    private static VectorShuffle<Float> laneSwap(int distance) {
        return VectorShuffle.fromOp(SPECIES, lane -> distance < LANES ? lane ^ distance : lane);
    }

    /**
     * Σ of v's lanes by a fixed tree, {@code v += swap_d(v)} for d = LANES/2 … 1, so the sum has
     * the same bits whether this runs interpreted or compiled. {@code reduceLanes(ADD)} adds the
     * lanes in one order in the interpreter and in another in C2's code, which made gradients
     * (and so training) depend on JIT timing. This tree is C2's order on this machine (same bits
     * as compiled reduceLanes on 128, 256 and 512 bits), so warmed-up results did not change.
     */
    static float sumLanes(FloatVector v) {
        if (LANES > 8) {
            v = v.add(v.rearrange(SWAP_8));
        }
        if (LANES > 4) {
            v = v.add(v.rearrange(SWAP_4));
        }
        if (LANES > 2) {
            v = v.add(v.rearrange(SWAP_2));
        }
        return v.add(v.rearrange(SWAP_1)).lane(0);
    }

    // ------------------------------------------------------------------ GEMM (VectorGemm)

    @Override
    public void matmul(MemorySegment a, MemorySegment b, MemorySegment bias, MemorySegment c,
                       int m, int k, int n, boolean accumulate) {
        VectorGemm.matmulRows(a, b, bias, c, m, k, n, accumulate, 0, m);
    }

    @Override
    public void matmulRows(MemorySegment a, MemorySegment b, MemorySegment bias, MemorySegment c,
                           int m, int k, int n, boolean accumulate, int rowFrom, int rowTo) {
        VectorGemm.matmulRows(a, b, bias, c, m, k, n, accumulate, rowFrom, rowTo);
    }

    @Override
    public void matmulTransA(MemorySegment a, MemorySegment b, MemorySegment c,
                             int m, int k, int n, boolean accumulate) {
        VectorGemm.matmulTransARows(a, b, c, m, k, n, accumulate, 0, m);
    }

    @Override
    public void matmulTransARows(MemorySegment a, MemorySegment b, MemorySegment c,
                                 int m, int k, int n, boolean accumulate, int rowFrom, int rowTo) {
        VectorGemm.matmulTransARows(a, b, c, m, k, n, accumulate, rowFrom, rowTo);
    }

    /** Whether {@link #matmulTransB} computes {@code Cᵀ = B·Aᵀ} (transposing A and C) rather than transposing B. */
    static boolean transposesAAndC(int m, int k, int n, boolean accumulate) {
        return !accumulate && m % LANES == 0 && (long) m * (k + n) < (long) k * n;
    }

    /**
     * {@code C = A·Bᵀ} through transposes and the A·B tiles; the dot products this replaced ran at a
     * quarter of their rate (11 against 44 GFLOP/s at 1024³). When C's rows are whole vectors and
     * A and C hold fewer elements than B, {@code Cᵀ = B·Aᵀ} and C transposed back: Dense's
     * {@code dx = dz·Wᵀ} at batch 32 (32×100·100×100) in 11.4 µs against 15.1 for {@code Wᵀ}
     * and {@code dz·Wᵀ}, whose C is 100 wide (6¼ vectors) where {@code Cᵀ} is two. Otherwise B
     * is transposed: at batch 256 its 10,000 elements against 51,200 for A and C.
     */
    @Override
    public void matmulTransB(MemorySegment a, MemorySegment b, MemorySegment c, int m, int k, int n,
                             boolean accumulate) {
        TransposeScratch scratch = TransposeScratch.ofThisThread();
        if (transposesAAndC(m, k, n, accumulate)) {
            MemorySegment aT = scratch.first((long) k * m);
            MemorySegment cT = scratch.second((long) n * m);
            transpose(a, aT, m, k);
            matmul(b, aT, null, cT, n, k, m, false);
            transpose(cT, c, n, m);
        } else {
            MemorySegment bT = scratch.first((long) k * n);
            transpose(b, bT, n, k);
            matmul(a, bT, null, c, m, k, n, accumulate);
        }
    }

    // ------------------------------------------------------------------ transpose and column sums

    /**
     * {@code dst[j][i] = src[i][j]}: with 16 lanes, 16 × 16 blocks transposed in registers, the
     * last of a row or column overlapping the one before it ({@link VectorTranspose}); with other
     * species, or fewer than 16 rows or columns, the scalar kernel below.
     */
    @Override
    public void transpose(MemorySegment src, MemorySegment dst, int rows, int cols) {
        transposeColumns(src, dst, rows, cols, 0, cols);
    }

    @Override
    public void transposeColumns(MemorySegment src, MemorySegment dst, int rows, int cols, int colFrom, int colTo) {
        if (VectorTranspose.handles(rows, colFrom, colTo)) {
            VectorTranspose.transposeBlocks(src, dst, rows, cols, colFrom, colTo);
            return;
        }
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            transposeFourRows(src, dst, rows, cols, i, colFrom, colTo);
        }
        for (; i < rows; i++) {
            long srcRow = (long) i * cols;
            for (int j = colFrom; j < colTo; j++) {
                set(dst, (long) j * rows + i, get(src, srcRow + j));
            }
        }
    }

    /**
     * Rows i..i+4 of src become four adjacent floats in every row of dst: four sequential read
     * streams and one 16-byte write per column (1.4× faster than one row at a time on 100×100).
     * No 4×4 blocks on 128-bit vectors when the species is wider: that ran 2.3× faster alone, but a
     * second species in the JVM slowed every other kernel (shared Vector API code sees two vector
     * classes: training ran at half speed).
     */
    private static void transposeFourRows(MemorySegment src, MemorySegment dst, int rows, int cols, int i,
                                          int colFrom, int colTo) {
        long srcRow = (long) i * cols;
        long dstIndex = (long) colFrom * rows + i;
        for (int j = colFrom; j < colTo; j++, dstIndex += rows) {
            long s = srcRow + j;
            set(dst, dstIndex, get(src, s));
            set(dst, dstIndex + 1, get(src, s + cols));
            set(dst, dstIndex + 2, get(src, s + 2L * cols));
            set(dst, dstIndex + 3, get(src, s + 3L * cols));
        }
    }

    @Override
    public void sumRows(MemorySegment x, MemorySegment out, int rows, int cols, boolean accumulate) {
        if (cols < LANES) { // narrower than a vector: the same float additions, in scalar code
            for (int j = 0; j < cols; j++) {
                float sum = accumulate ? get(out, j) : 0f;
                for (int i = 0; i < rows; i++) {
                    sum += get(x, (long) i * cols + j);
                }
                set(out, j, sum);
            }
            return;
        }
        long rowBytes = cols * FB;
        long end = rows * rowBytes;
        for (int j = 0; j < cols; j += LANES) {
            int start = Math.min(j, cols - LANES); // the last vector may start before j ...
            long column = start * FB;
            FloatVector done = FloatVector.fromMemorySegment(SPECIES, out, column, ORDER);
            FloatVector sum = accumulate ? done : FloatVector.zero(SPECIES);
            for (long offset = column; offset < end; offset += rowBytes) {
                sum = sum.add(FloatVector.fromMemorySegment(SPECIES, x, offset, ORDER));
            }
            // ... and then takes only its lanes from j on; the ones before are final already
            done.blend(sum, VectorMask.fromLong(SPECIES, -1L << (j - start))).intoMemorySegment(out, column, ORDER);
        }
    }

    /**
     * n zero floats from byte {@code from}, without {@code asSlice(...).fill}: a slice is a new
     * segment object, which escape analysis removed in some compilations and not in others.
     */
    static void zero(MemorySegment s, long from, long n) {
        FloatVector zero = FloatVector.zero(SPECIES);
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            zero.intoMemorySegment(s, from + p, ORDER);
        }
        for (; p < n * FB; p += FB) {
            s.set(F, from + p, 0f);
        }
    }

    /** {@code z[i] = x[i] + y[i]} for n floats at the given byte offsets. */
    static void add(MemorySegment x, long xOffset, MemorySegment y, long yOffset,
                            MemorySegment z, long zOffset, long n) {
        long bodyBytes = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < bodyBytes; p += VBYTES) {
            FloatVector.fromMemorySegment(SPECIES, x, xOffset + p, ORDER).add(FloatVector.fromMemorySegment(SPECIES, y, yOffset + p, ORDER))
                    .intoMemorySegment(z, zOffset + p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            FloatVector.fromMemorySegment(SPECIES, x, xOffset + p, ORDER, rest)
                    .add(FloatVector.fromMemorySegment(SPECIES, y, yOffset + p, ORDER, rest))
                    .intoMemorySegment(z, zOffset + p, ORDER, rest);
        }
    }

    // ------------------------------------------------------------------ element-wise helpers

    @Override
    public void copy(MemorySegment x, MemorySegment y, long n) {
        MemorySegment.copy(x, 0, y, 0, n * FB); // a bulk copy is already vectorized by the JVM
    }

    @Override
    public void multiply(MemorySegment x, MemorySegment dy, MemorySegment y, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            FloatVector.fromMemorySegment(SPECIES, x, p, ORDER).mul(FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER))
                    .intoMemorySegment(y, p, ORDER);
        }
        if (p < n * FB) {
            multiplyTail(x, dy, y, n, p);
        }
    }

    private static void multiplyTail(MemorySegment x, MemorySegment dy, MemorySegment y, long n, long p) {
        VectorMask<Float> rest = tailMask(p / FB, n);
        FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest).mul(FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest))
                .intoMemorySegment(y, p, ORDER, rest);
    }

    /** Σ x·y with four float vector accumulators; each vector's partial sum is added in double. */
    @Override
    public double dot(MemorySegment x, MemorySegment y, long n) {
        long blockBytes = 4 * VBYTES;
        long body = n * FB / blockBytes * blockBytes;
        double sum = 0;
        long p = 0;
        // blocks of 1024 four-vector steps keep each float partial sum short before it joins the double
        while (p < body) {
            long end = Math.min(body, p + 1024 * blockBytes);
            sum += dotBlock(x, y, p, end);
            p = end;
        }
        for (; p < n * FB; p += FB) {
            sum += (double) x.get(F, p) * y.get(F, p);
        }
        return sum;
    }

    private static double dotBlock(MemorySegment x, MemorySegment y, long from, long to) {
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
        for (long p = from; p < to; p += 4 * VBYTES) {
            s0 = FloatVector.fromMemorySegment(SPECIES, x, p, ORDER).fma(FloatVector.fromMemorySegment(SPECIES, y, p, ORDER), s0);
            s1 = FloatVector.fromMemorySegment(SPECIES, x, p + VBYTES, ORDER).fma(FloatVector.fromMemorySegment(SPECIES, y, p + VBYTES, ORDER), s1);
            s2 = FloatVector.fromMemorySegment(SPECIES, x, p + 2 * VBYTES, ORDER)
                    .fma(FloatVector.fromMemorySegment(SPECIES, y, p + 2 * VBYTES, ORDER), s2);
            s3 = FloatVector.fromMemorySegment(SPECIES, x, p + 3 * VBYTES, ORDER)
                    .fma(FloatVector.fromMemorySegment(SPECIES, y, p + 3 * VBYTES, ORDER), s3);
        }
        return (double) sumLanes(s0.add(s1)) + sumLanes(s2.add(s3));
    }

    // ------------------------------------------------------------------ activations (VectorActivations)

    @Override
    public void relu(MemorySegment x, MemorySegment y, long n) {
        VectorActivations.relu(x, y, n);
    }

    @Override
    public void reluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        VectorActivations.reluBackward(x, dy, dx, n);
    }

    @Override
    public void elu(MemorySegment x, MemorySegment y, long n, float alpha, float scale) {
        VectorActivations.elu(x, y, n, alpha, scale);
    }

    @Override
    public void eluRange(MemorySegment x, MemorySegment y, long from, long to, float alpha, float scale) {
        VectorActivations.eluRange(x, y, from, to, alpha, scale);
    }

    @Override
    public void eluBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n, float alpha, float scale) {
        VectorActivations.eluBackward(y, dy, dx, n, alpha, scale);
    }

    @Override
    public void eluBackwardRange(MemorySegment y, MemorySegment dy, MemorySegment dx, long from, long to,
                                 float alpha, float scale) {
        VectorActivations.eluBackwardRange(y, dy, dx, from, to, alpha, scale);
    }

    @Override
    public void sigmoid(MemorySegment x, MemorySegment y, long n) {
        VectorActivations.sigmoid(x, y, n);
    }

    @Override
    public void sigmoidBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n) {
        VectorActivations.sigmoidBackward(y, dy, dx, n);
    }

    @Override
    public void tanh(MemorySegment x, MemorySegment y, long n) {
        VectorActivations.tanh(x, y, n);
    }

    @Override
    public void tanhBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n) {
        VectorActivations.tanhBackward(y, dy, dx, n);
    }

    @Override
    public void leakyRelu(MemorySegment x, MemorySegment y, long n, float negativeSlope, float threshold, float maxValue) {
        VectorActivations.leakyRelu(x, y, n, negativeSlope, threshold, maxValue);
    }

    @Override
    public void leakyReluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n,
                                  float negativeSlope, float threshold, float maxValue) {
        VectorActivations.leakyReluBackward(x, dy, dx, n, negativeSlope, threshold, maxValue);
    }

    @Override
    public void prelu(MemorySegment x, MemorySegment alpha, MemorySegment y, int rows, int cols) {
        VectorActivations.prelu(x, alpha, y, rows, cols);
    }

    @Override
    public void preluBackward(MemorySegment x, MemorySegment alpha, MemorySegment dy, MemorySegment dx,
                              MemorySegment dalpha, int rows, int cols) {
        VectorActivations.preluBackward(x, alpha, dy, dx, dalpha, rows, cols);
    }

    @Override
    public void rrelu(MemorySegment x, MemorySegment u, MemorySegment y, long n, float lower, float upper) {
        VectorActivations.rrelu(x, u, y, n, lower, upper);
    }

    @Override
    public void rreluBackward(MemorySegment x, MemorySegment u, MemorySegment dy, MemorySegment dx, long n,
                              float lower, float upper) {
        VectorActivations.rreluBackward(x, u, dy, dx, n, lower, upper);
    }

    @Override
    public void softplus(MemorySegment x, MemorySegment y, long n) {
        VectorActivations.softplus(x, y, n);
    }

    @Override
    public void softplusBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        VectorActivations.softplusBackward(x, dy, dx, n);
    }

    @Override
    public void softsign(MemorySegment x, MemorySegment y, long n) {
        VectorActivations.softsign(x, y, n);
    }

    @Override
    public void softsignBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        VectorActivations.softsignBackward(x, dy, dx, n);
    }

    @Override
    public void swish(MemorySegment x, MemorySegment y, long n) {
        VectorActivations.swish(x, y, n);
    }

    @Override
    public void swishBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        VectorActivations.swishBackward(x, dy, dx, n);
    }

    @Override
    public void gelu(MemorySegment x, MemorySegment y, long n) {
        VectorActivations.gelu(x, y, n);
    }

    @Override
    public void geluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        VectorActivations.geluBackward(x, dy, dx, n);
    }

    @Override
    public void exponential(MemorySegment x, MemorySegment y, long n) {
        VectorActivations.exponential(x, y, n);
    }

    @Override
    public void hardSigmoid(MemorySegment x, MemorySegment y, long n) {
        VectorActivations.hardSigmoid(x, y, n);
    }

    @Override
    public void hardSigmoidBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        VectorActivations.hardSigmoidBackward(x, dy, dx, n);
    }

    @Override
    public void softmax(MemorySegment x, MemorySegment y, int rows, int cols) {
        VectorActivations.softmax(x, y, rows, cols);
    }

    @Override
    public void softmaxBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, int rows, int cols) {
        VectorActivations.softmaxBackward(y, dy, dx, rows, cols);
    }

    // ------------------------------------------------------------------ batch normalization (VectorBatchNorm)

    @Override
    public void batchNormTraining(MemorySegment x, MemorySegment y, MemorySegment xhat, int rows, int cols,
                                  MemorySegment gamma, MemorySegment beta, float eps,
                                  MemorySegment mean, MemorySegment variance, MemorySegment invStd) {
        VectorBatchNorm.batchNormTraining(x, y, xhat, rows, cols, gamma, beta, eps, mean, variance, invStd);
    }

    @Override
    public void batchNormTrainingColumns(MemorySegment x, MemorySegment y, MemorySegment xhat, int rows, int cols,
                                         MemorySegment gamma, MemorySegment beta, float eps, MemorySegment mean,
                                         MemorySegment variance, MemorySegment invStd, int colFrom, int colTo) {
        VectorBatchNorm.batchNormTrainingColumns(x, y, xhat, rows, cols, gamma, beta, eps, mean, variance, invStd, colFrom, colTo);
    }

    @Override
    public void batchNormInference(MemorySegment x, MemorySegment y, int rows, int cols,
                                   MemorySegment gamma, MemorySegment beta,
                                   MemorySegment movingMean, MemorySegment movingVariance, float eps) {
        VectorBatchNorm.batchNormInference(x, y, rows, cols, gamma, beta, movingMean, movingVariance, eps);
    }

    @Override
    public void batchNormInferenceColumns(MemorySegment x, MemorySegment y, int rows, int cols, MemorySegment gamma,
                                          MemorySegment beta, MemorySegment movingMean, MemorySegment movingVariance,
                                          float eps, int colFrom, int colTo) {
        VectorBatchNorm.batchNormInferenceColumns(x, y, rows, cols, gamma, beta, movingMean, movingVariance, eps, colFrom, colTo);
    }

    @Override
    public void batchNormBackward(MemorySegment dy, MemorySegment xhat, MemorySegment invStd, MemorySegment gamma,
                                  MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta, int rows, int cols) {
        VectorBatchNorm.batchNormBackward(dy, xhat, invStd, gamma, dx, dgamma, dbeta, rows, cols);
    }

    @Override
    public void batchNormBackwardColumns(MemorySegment dy, MemorySegment xhat, MemorySegment invStd, MemorySegment gamma,
                                         MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta, int rows, int cols,
                                         int colFrom, int colTo) {
        VectorBatchNorm.batchNormBackwardColumns(dy, xhat, invStd, gamma, dx, dgamma, dbeta, rows, cols, colFrom, colTo);
    }

    @Override
    public void movingAverage(MemorySegment moving, MemorySegment value, long n, float momentum) {
        VectorBatchNorm.movingAverage(moving, value, n, momentum);
    }

    // ------------------------------------------------------------------ losses and metrics (VectorLosses)

    @Override
    public double sparseCrossEntropy(MemorySegment p, int[] labels, int rows, int cols, float eps) {
        return VectorLosses.sparseCrossEntropy(p, labels, rows, cols, eps);
    }

    @Override
    public void softmaxCrossEntropyBackward(MemorySegment p, int[] labels, MemorySegment dlogits,
                                            int rows, int cols, float scale) {
        VectorLosses.softmaxCrossEntropyBackward(p, labels, dlogits, rows, cols, scale);
    }

    @Override
    public double squaredErrorSum(MemorySegment p, MemorySegment t, long n) {
        return VectorLosses.squaredErrorSum(p, t, n);
    }

    @Override
    public double absoluteErrorSum(MemorySegment p, MemorySegment t, long n) {
        return VectorLosses.absoluteErrorSum(p, t, n);
    }

    @Override
    public void differenceScaled(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float scale) {
        VectorLosses.differenceScaled(p, t, dp, n, scale);
    }

    @Override
    public void absoluteErrorBackward(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float scale) {
        VectorLosses.absoluteErrorBackward(p, t, dp, n, scale);
    }

    @Override
    public double binaryCrossEntropySum(MemorySegment p, MemorySegment t, long n, float eps) {
        return VectorLosses.binaryCrossEntropySum(p, t, n, eps);
    }

    @Override
    public void binaryCrossEntropyBackward(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float eps, float scale) {
        VectorLosses.binaryCrossEntropyBackward(p, t, dp, n, eps, scale);
    }

    @Override
    public double categoricalCrossEntropySum(MemorySegment p, MemorySegment t, int rows, int cols, float eps) {
        return VectorLosses.categoricalCrossEntropySum(p, t, rows, cols, eps);
    }

    @Override
    public void categoricalCrossEntropyBackward(MemorySegment p, MemorySegment t, MemorySegment dp, int rows, int cols,
                                                float eps, float scale) {
        VectorLosses.categoricalCrossEntropyBackward(p, t, dp, rows, cols, eps, scale);
    }

    @Override
    public int countCorrect(MemorySegment p, int[] labels, int rows, int cols) {
        return VectorLosses.countCorrect(p, labels, rows, cols);
    }

    /** {@code x − x} is 0 for a finite x and NaN for NaN or ±∞; the vector holding one is searched by the scalar loop. */
    @Override
    public long firstNonFinite(MemorySegment x, long n) {
        long body = SPECIES.loopBound(n) * FB;
        for (long p = 0; p < body; p += VBYTES) {
            FloatVector v = FloatVector.fromMemorySegment(SPECIES, x, p, ORDER);
            if (!v.sub(v).eq(0f).allTrue()) {
                return ScalarKernels.firstNonFinite(x, p / FB, p / FB + LANES);
            }
        }
        return ScalarKernels.firstNonFinite(x, body / FB, n);
    }

    // ------------------------------------------------------------------ optimizers

    @Override
    public void adam(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long n,
                     float lrT, float beta1, float beta2, float eps) {
        adamRange(w, g, m, v, 0, n, lrT, beta1, beta2, eps);
    }

    /**
     * {@code m = b1·m + (1−b1)·g; v = b2·v + (1−b2)·g²; w −= lrT·m / (sqrt(v) + eps)} a vector at a
     * time, written out in the loop: as a helper method per vector (218 bytes of bytecode) C2
     * compiled it on its own and would not inline it ("already compiled into a big method"), one
     * call per vector. Alone the two forms ran alike (10,100 to 270,000 parameters, 0.96–1.05×).
     */
    @Override
    public void adamRange(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long from, long to,
                          float lrT, float beta1, float beta2, float eps) {
        long body = (from + SPECIES.loopBound(to - from)) * FB;
        long p = from * FB;
        for (; p < body; p += VBYTES) {
            // the flushes written out too, not in a helper returning a vector: C2 sometimes compiles
            // such a helper on its own first, then will not inline it, and every call boxes its vectors
            FloatVector gRaw = FloatVector.fromMemorySegment(SPECIES, g, p, ORDER);
            FloatVector gv = gRaw.blend(0f, gRaw.abs().compare(VectorOperators.LT, GRADIENT_FLUSH_BELOW));
            FloatVector mRaw = FloatVector.fromMemorySegment(SPECIES, m, p, ORDER).mul(beta1).add(gv.mul(1 - beta1));
            FloatVector mv = mRaw.blend(0f, mRaw.abs().compare(VectorOperators.LT, STATE_FLUSH_BELOW));
            FloatVector vRaw = FloatVector.fromMemorySegment(SPECIES, v, p, ORDER).mul(beta2).add(gv.mul(1 - beta2).mul(gv));
            FloatVector vv = vRaw.blend(0f, vRaw.abs().compare(VectorOperators.LT, STATE_FLUSH_BELOW));
            mv.intoMemorySegment(m, p, ORDER);
            vv.intoMemorySegment(v, p, ORDER);
            FloatVector step = mv.mul(lrT).div(vv.sqrt().add(eps));
            FloatVector.fromMemorySegment(SPECIES, w, p, ORDER).sub(step).intoMemorySegment(w, p, ORDER);
        }
        ScalarKernels.adamRange(w, g, m, v, p / FB, to, lrT, beta1, beta2, eps); // scalar tail
    }

    @Override
    public void sgd(MemorySegment w, MemorySegment g, MemorySegment velocity, long n,
                    float lr, float momentum, boolean nesterov) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            sgdStep(w, g, velocity, p, lr, momentum, nesterov);
        }
        ScalarKernels.sgdRange(w, g, velocity, p / FB, n, lr, momentum, nesterov); // scalar tail
    }

    /**
     * Keras's SGD on one vector: {@code w −= lr·g} without momentum; otherwise
     * {@code v = momentum·v − lr·g} and {@code w += v} (plain) or {@code w += momentum·v − lr·g} (Nesterov).
     */
    private static void sgdStep(MemorySegment w, MemorySegment g, MemorySegment velocity, long p,
                                float lr, float momentum, boolean nesterov) {
        FloatVector lrG = FloatVector.fromMemorySegment(SPECIES, g, p, ORDER).mul(lr);
        FloatVector wv = FloatVector.fromMemorySegment(SPECIES, w, p, ORDER);
        if (momentum == 0) {
            wv.sub(lrG).intoMemorySegment(w, p, ORDER);
            return;
        }
        FloatVector vRaw = FloatVector.fromMemorySegment(SPECIES, velocity, p, ORDER).mul(momentum).sub(lrG);
        FloatVector vv = vRaw.blend(0f, vRaw.abs().compare(VectorOperators.LT, STATE_FLUSH_BELOW)); // flushed (inline, see adamRange)
        vv.intoMemorySegment(velocity, p, ORDER);
        FloatVector step = nesterov ? vv.mul(momentum).sub(lrG) : vv;
        wv.add(step).intoMemorySegment(w, p, ORDER);
    }

    // ------------------------------------------------------------------ dropout

    @Override
    public void dropout(MemorySegment x, MemorySegment u, MemorySegment y, long n, float rate) {
        keepScaled(x, u, y, n, rate, 1 / (1 - rate));
    }

    @Override
    public void dropoutBackward(MemorySegment u, MemorySegment dy, MemorySegment dx, long n, float rate) {
        keepScaled(dy, u, dx, n, rate, 1 / (1 - rate));
    }

    @Override
    public void alphaDropoutBackward(MemorySegment u, MemorySegment dy, MemorySegment dx, long n, float rate, float a) {
        keepScaled(dy, u, dx, n, rate, a);
    }

    /** {@code y = u >= rate ? x·factor : 0}. */
    private static void keepScaled(MemorySegment x, MemorySegment u, MemorySegment y, long n, float rate,
                                   float factor) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            keptOrZero(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER), FloatVector.fromMemorySegment(SPECIES, u, p, ORDER), rate, factor)
                    .intoMemorySegment(y, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            keptOrZero(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest),
                    FloatVector.fromMemorySegment(SPECIES, u, p, ORDER, rest), rate, factor)
                    .intoMemorySegment(y, p, ORDER, rest);
        }
    }

    private static FloatVector keptOrZero(FloatVector x, FloatVector u, float rate, float factor) {
        return FloatVector.zero(SPECIES).blend(x.mul(factor), u.compare(VectorOperators.GE, rate));
    }

    @Override
    public void alphaDropout(MemorySegment x, MemorySegment u, MemorySegment y, long n,
                             float rate, float a, float b, float alphaP) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            alphaDropped(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER), FloatVector.fromMemorySegment(SPECIES, u, p, ORDER), rate, a, b, alphaP)
                    .intoMemorySegment(y, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            alphaDropped(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest),
                    FloatVector.fromMemorySegment(SPECIES, u, p, ORDER, rest), rate, a, b, alphaP)
                    .intoMemorySegment(y, p, ORDER, rest);
        }
    }

    /** {@code a·(u >= rate ? x : alphaP) + b}. */
    private static FloatVector alphaDropped(FloatVector x, FloatVector u, float rate, float a, float b, float alphaP) {
        FloatVector kept = FloatVector.broadcast(SPECIES, alphaP).blend(x, u.compare(VectorOperators.GE, rate));
        return kept.mul(a).add(b);
    }
}
