package dev.tensorlane.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernels, on the Vector API over native memory segments. With the families it delegates
 * to, {@link VectorGemm} (matrix products), {@link VectorBatchNorm} and {@link VectorLosses} (losses
 * and metrics), the only code of the project that imports {@code jdk.incubator.vector}; the species,
 * the byte-order and layout constants and the small accessors below are shared with them.
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

    @Override
    public void matmulTransB(MemorySegment a, MemorySegment b, MemorySegment c, int m, int k, int n,
                             boolean accumulate) {
        VectorGemm.matmulTransB(a, b, c, m, k, n, accumulate);
    }

    // ------------------------------------------------------------------ transpose and column sums

    /**
     * {@code dst[j][i] = src[i][j]}. The Vector API has no scatter into memory segments, and the
     * matrices transposed here are weights that fit in L2 (at most 784×100), where a plain loop
     * beat a cache-blocked one; so this kernel is scalar, four source rows at a time.
     */
    @Override
    public void transpose(MemorySegment src, MemorySegment dst, int rows, int cols) {
        transposeColumns(src, dst, rows, cols, 0, cols);
    }

    @Override
    public void transposeColumns(MemorySegment src, MemorySegment dst, int rows, int cols, int colFrom, int colTo) {
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
     * Scalar on purpose: a 4×4 block transpose on 128-bit vectors ran 2.3× faster alone, but a
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
        return (double) s0.add(s1).reduceLanes(VectorOperators.ADD) + s2.add(s3).reduceLanes(VectorOperators.ADD);
    }

    // ------------------------------------------------------------------ activations

    @Override
    public void relu(MemorySegment x, MemorySegment y, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            FloatVector.fromMemorySegment(SPECIES, x, p, ORDER).max(0f).intoMemorySegment(y, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest).max(0f).intoMemorySegment(y, p, ORDER, rest);
        }
    }

    @Override
    public void reluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        // dx = x > 0 ? dy : 0, written out rather than in a helper returning a vector (see adamStep)
        for (; p < body; p += VBYTES) {
            VectorMask<Float> positive = FloatVector.fromMemorySegment(SPECIES, x, p, ORDER).compare(VectorOperators.GT, 0f);
            FloatVector.zero(SPECIES).blend(FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER), positive)
                    .intoMemorySegment(dx, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            VectorMask<Float> positive = FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest).compare(VectorOperators.GT, 0f);
            FloatVector.zero(SPECIES).blend(FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest), positive)
                    .intoMemorySegment(dx, p, ORDER, rest);
        }
    }

    @Override
    public void elu(MemorySegment x, MemorySegment y, long n, float alpha, float scale) {
        eluRange(x, y, 0, n, alpha, scale);
    }

    @Override
    public void eluRange(MemorySegment x, MemorySegment y, long from, long to, float alpha, float scale) {
        long body = (from + SPECIES.loopBound(to - from)) * FB;
        long p = from * FB;
        for (; p < body; p += VBYTES) {
            eluValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER), alpha, scale).intoMemorySegment(y, p, ORDER);
        }
        if (p < to * FB) {
            VectorMask<Float> rest = tailMask(p / FB, to);
            eluValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest), alpha, scale).intoMemorySegment(y, p, ORDER, rest);
        }
    }

    /** {@code scale * (x > 0 ? x : alpha * expm1(x))}; expm1 keeps small negative inputs exact. */
    private static FloatVector eluValue(FloatVector x, float alpha, float scale) {
        FloatVector negative = expm1NonPositive(x.min(0f)).mul(alpha);
        return negative.blend(x, x.compare(VectorOperators.GT, 0f)).mul(scale);
    }

    /**
     * {@code expm1(t)} for t ≤ 0 in plain arithmetic, not {@code VectorOperators.EXPM1}: the JDK's
     * intrinsic and its interpreter fallback round differently, so results depended on when the JIT
     * compiled the kernel and training was not reproducible run to run. For |t| < 1/2 the Taylor
     * polynomial {@code t·(1 + t/2! + … + t⁷/8!)} (remainder below 2e-8 relative); below, {@code exp(t) − 1}
     * with the input clamped at −64, where expm1 is −1 in float anyway.
     */
    private static FloatVector expm1NonPositive(FloatVector t) {
        FloatVector p = t.fma(FloatVector.broadcast(SPECIES, 1f / 40320f), FloatVector.broadcast(SPECIES, 1f / 5040f));
        p = p.fma(t, FloatVector.broadcast(SPECIES, 1f / 720f));
        p = p.fma(t, FloatVector.broadcast(SPECIES, 1f / 120f));
        p = p.fma(t, FloatVector.broadcast(SPECIES, 1f / 24f));
        p = p.fma(t, FloatVector.broadcast(SPECIES, 1f / 6f));
        p = p.fma(t, FloatVector.broadcast(SPECIES, 0.5f));
        p = p.fma(t, FloatVector.broadcast(SPECIES, 1f));
        FloatVector near = p.mul(t);
        FloatVector far = exp(t.max(EXP_FLUSH_BELOW)).sub(1f);
        return near.blend(far, t.compare(VectorOperators.LT, -0.5f));
    }

    @Override
    public void eluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n, float alpha, float scale) {
        eluBackwardRange(x, dy, dx, 0, n, alpha, scale);
    }

    @Override
    public void eluBackwardRange(MemorySegment x, MemorySegment dy, MemorySegment dx, long from, long to,
                                 float alpha, float scale) {
        long body = (from + SPECIES.loopBound(to - from)) * FB;
        long p = from * FB;
        for (; p < body; p += VBYTES) {
            eluGradient(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER), FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER), alpha, scale)
                    .intoMemorySegment(dx, p, ORDER);
        }
        if (p < to * FB) {
            VectorMask<Float> rest = tailMask(p / FB, to);
            eluGradient(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest),
                    FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest), alpha, scale)
                    .intoMemorySegment(dx, p, ORDER, rest);
        }
    }

    /** {@code dy * scale * (x > 0 ? 1 : alpha * exp(x))}; the blend drops exp's overflow for large x. */
    private static FloatVector eluGradient(FloatVector x, FloatVector dy, float alpha, float scale) {
        FloatVector slope = flushedExp(x.min(0f)).mul(alpha);
        slope = slope.blend(1f, x.compare(VectorOperators.GT, 0f));
        return dy.mul(scale).mul(slope);
    }

    @Override
    public void sigmoid(MemorySegment x, MemorySegment y, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            sigmoidValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER)).intoMemorySegment(y, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            sigmoidValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest)).intoMemorySegment(y, p, ORDER, rest);
        }
    }

    /** {@code 1 / (1 + exp(min(−x, 64)))}: exp is kept off its overflow and underflow slow paths. */
    private static FloatVector sigmoidValue(FloatVector x) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        return one.div(flushedExp(x.neg().min(-EXP_FLUSH_BELOW)).add(1f));
    }

    /**
     * {@code exp(t)}, or 0 where t is below {@link #EXP_FLUSH_BELOW}; the input is clamped first so
     * that the exponential never sees arguments whose result would be denormal. Callers keep t at
     * most {@link #EXP_OVERFLOWS_ABOVE}.
     */
    private static FloatVector flushedExp(FloatVector t) {
        return exp(t.max(EXP_FLUSH_BELOW)).blend(0f, t.compare(VectorOperators.LT, EXP_FLUSH_BELOW));
    }

    /** log2(e); Cody–Waite split of ln 2 (the high part has 9 significant bits, so n·LN2_HI is exact). */
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2²³: adding it rounds to an integer held in the low mantissa bits. */
    private static final float ROUNDING_MAGIC = 12582912f;
    private static final int ROUNDING_MAGIC_BITS = 0x4B400000;

    /**
     * {@code exp(t)} for t in [−64, 88.72], within 1 ulp of {@code Math.exp} (0.97 ulp measured over
     * 4M points). Measured against {@code lanewise(VectorOperators.EXP)} (the JDK's SVML, 0.56 ulp)
     * on 32×100 activations: this polynomial was faster at 512 bits (5–11% on a quiet machine for
     * the whole load-exp-store loop, more under load), so it is the one in use.
     * Cody–Waite reduction {@code t = n·ln2 + r}, |r| ≤ ln2/2, then Cephes' expf polynomial
     * {@code 1 + r + r²·P(r)}, scaled by {@code 2^(n−1)·2} so that n = 128 still has an exponent.
     */
    private static FloatVector exp(FloatVector t) {
        // Broadcasts are written out (FloatVector.broadcast is force-inlined): through a helper method
        // they stopped being inlined in big kernels (C2's NodeCountInliningCutoff), which boxed the
        // vectors and made GELU's backward 3x slower.
        FloatVector shifted = t.fma(LOG2E, ROUNDING_MAGIC);
        FloatVector n = shifted.sub(ROUNDING_MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(SPECIES, -LN2_HI), t);
        r = n.fma(FloatVector.broadcast(SPECIES, -LN2_LO), r);
        FloatVector poly = r.fma(EXP_P0, EXP_P1);
        poly = poly.fma(r, FloatVector.broadcast(SPECIES, EXP_P2));
        poly = poly.fma(r, FloatVector.broadcast(SPECIES, EXP_P3));
        poly = poly.fma(r, FloatVector.broadcast(SPECIES, EXP_P4));
        poly = poly.fma(r, FloatVector.broadcast(SPECIES, EXP_P5));
        FloatVector mantissa = poly.mul(r.mul(r)).add(r).add(1f);
        FloatVector halfScale = shifted.reinterpretAsInts().add(126 - ROUNDING_MAGIC_BITS)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats(); // 2^(n−1)
        return mantissa.mul(halfScale).mul(2f);
    }

    /** Cephes' expf polynomial P in {@code exp(r) ≈ 1 + r + r²·P(r)}, highest degree first. */
    private static final float EXP_P0 = 1.9875691500E-4f;
    private static final float EXP_P1 = 1.3981999507E-3f;
    private static final float EXP_P2 = 8.3334519073E-3f;
    private static final float EXP_P3 = 4.1665795894E-2f;
    private static final float EXP_P4 = 1.6666665459E-1f;
    private static final float EXP_P5 = 5.0000001201E-1f;


    @Override
    public void sigmoidBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            FloatVector yv = FloatVector.fromMemorySegment(SPECIES, y, p, ORDER);
            FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER).mul(yv).mul(yv.neg().add(1f)).intoMemorySegment(dx, p, ORDER); // dy·y·(1−y)
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            FloatVector yv = FloatVector.fromMemorySegment(SPECIES, y, p, ORDER, rest);
            FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest).mul(yv).mul(yv.neg().add(1f)).intoMemorySegment(dx, p, ORDER, rest);
        }
    }

    @Override
    public void tanh(MemorySegment x, MemorySegment y, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            FloatVector.fromMemorySegment(SPECIES, x, p, ORDER).lanewise(VectorOperators.TANH).intoMemorySegment(y, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest).lanewise(VectorOperators.TANH).intoMemorySegment(y, p, ORDER, rest);
        }
    }

    @Override
    public void tanhBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            FloatVector yv = FloatVector.fromMemorySegment(SPECIES, y, p, ORDER);
            FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER).mul(yv.mul(yv).neg().add(1f)).intoMemorySegment(dx, p, ORDER); // dy·(1−y²)
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            FloatVector yv = FloatVector.fromMemorySegment(SPECIES, y, p, ORDER, rest);
            FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest).mul(yv.mul(yv).neg().add(1f)).intoMemorySegment(dx, p, ORDER, rest);
        }
    }

    // ------------------------------------------------------------------ more activations

    @Override
    public void leakyRelu(MemorySegment x, MemorySegment y, long n, float negativeSlope, float threshold, float maxValue) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            leakyReluValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER), negativeSlope, threshold, maxValue).intoMemorySegment(y, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            leakyReluValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest), negativeSlope, threshold, maxValue)
                    .intoMemorySegment(y, p, ORDER, rest);
        }
    }

    /** {@code x < threshold ? negativeSlope·(x − threshold) : min(x, maxValue)}. */
    private static FloatVector leakyReluValue(FloatVector x, float negativeSlope, float threshold, float maxValue) {
        FloatVector below = x.sub(threshold).mul(negativeSlope);
        return x.min(maxValue).blend(below, x.compare(VectorOperators.LT, threshold));
    }

    @Override
    public void leakyReluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n,
                                  float negativeSlope, float threshold, float maxValue) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            leakyReluGradient(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER),
                    FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER), negativeSlope, threshold, maxValue)
                    .intoMemorySegment(dx, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            leakyReluGradient(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest),
                    FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest), negativeSlope, threshold, maxValue)
                    .intoMemorySegment(dx, p, ORDER, rest);
        }
    }

    /** {@code dy · (x < threshold ? negativeSlope : x < maxValue ? 1 : 0)}. */
    private static FloatVector leakyReluGradient(FloatVector x, FloatVector dy, float negativeSlope, float threshold,
                                                 float maxValue) {
        FloatVector slope = FloatVector.broadcast(SPECIES, 1f).blend(0f, x.compare(VectorOperators.GE, maxValue))
                .blend(negativeSlope, x.compare(VectorOperators.LT, threshold));
        return dy.mul(slope);
    }

    // PReLU: vectors run across columns (one slope per column); columns past the last whole vector
    // take the scalar reference loop, as batch normalization's do.

    @Override
    public void prelu(MemorySegment x, MemorySegment alpha, MemorySegment y, int rows, int cols) {
        int vectorCols = SPECIES.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols * FB;
            for (int j = 0; j < vectorCols; j += LANES) {
                FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, row + j * FB, ORDER);
                preluValue(xv, FloatVector.fromMemorySegment(SPECIES, alpha, j * FB, ORDER)).intoMemorySegment(y, row + j * FB, ORDER);
            }
            preluRowTail(x, alpha, y, (long) r * cols, vectorCols, cols);
        }
    }

    /** {@code x > 0 ? x : alpha·x}. */
    private static FloatVector preluValue(FloatVector x, FloatVector alpha) {
        return x.mul(alpha).blend(x, x.compare(VectorOperators.GT, 0f));
    }

    private static void preluRowTail(MemorySegment x, MemorySegment alpha, MemorySegment y, long row, int j0, int cols) {
        for (int j = j0; j < cols; j++) {
            float xi = get(x, row + j);
            set(y, row + j, xi > 0 ? xi : get(alpha, j) * xi);
        }
    }

    @Override
    public void preluBackward(MemorySegment x, MemorySegment alpha, MemorySegment dy, MemorySegment dx,
                              MemorySegment dalpha, int rows, int cols) {
        int vectorCols = SPECIES.loopBound(cols);
        for (int j = 0; j < vectorCols; j += LANES) {
            preluBackwardColumns(x, alpha, dy, dx, dalpha, rows, cols, j);
        }
        ScalarKernels.preluBackwardColumns(x, alpha, dy, dx, dalpha, rows, cols, vectorCols, cols);
    }

    /** One vector of columns from j: {@code dx = x > 0 ? dy : alpha·dy}, {@code dalpha = Σ_rows (x > 0 ? 0 : dy·x)}. */
    private static void preluBackwardColumns(MemorySegment x, MemorySegment alpha, MemorySegment dy, MemorySegment dx,
                                             MemorySegment dalpha, int rows, int cols, int j) {
        FloatVector a = FloatVector.fromMemorySegment(SPECIES, alpha, j * FB, ORDER);
        FloatVector sum = FloatVector.zero(SPECIES);
        long rowBytes = (long) cols * FB;
        for (long offset = j * FB; offset < rows * rowBytes; offset += rowBytes) {
            FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, offset, ORDER);
            FloatVector dyv = FloatVector.fromMemorySegment(SPECIES, dy, offset, ORDER);
            VectorMask<Float> positive = xv.compare(VectorOperators.GT, 0f);
            dyv.mul(a).blend(dyv, positive).intoMemorySegment(dx, offset, ORDER);
            sum = sum.add(dyv.mul(xv).blend(0f, positive));
        }
        sum.intoMemorySegment(dalpha, j * FB, ORDER);
    }

    @Override
    public void rrelu(MemorySegment x, MemorySegment u, MemorySegment y, long n, float lower, float upper) {
        float width = upper - lower;
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, p, ORDER);
            rreluScaled(xv, FloatVector.fromMemorySegment(SPECIES, u, p, ORDER), xv, width, lower).intoMemorySegment(y, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest);
            rreluScaled(xv, FloatVector.fromMemorySegment(SPECIES, u, p, ORDER, rest), xv, width, lower).intoMemorySegment(y, p, ORDER, rest);
        }
    }

    @Override
    public void rreluBackward(MemorySegment x, MemorySegment u, MemorySegment dy, MemorySegment dx, long n,
                              float lower, float upper) {
        float width = upper - lower;
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            rreluScaled(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER),
                    FloatVector.fromMemorySegment(SPECIES, u, p, ORDER),
                    FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER), width, lower)
                    .intoMemorySegment(dx, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            rreluScaled(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest),
                    FloatVector.fromMemorySegment(SPECIES, u, p, ORDER, rest),
                    FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest), width, lower)
                    .intoMemorySegment(dx, p, ORDER, rest);
        }
    }

    /** {@code x >= 0 ? v : (u·width + lower)·v}: the forward with v = x, the backward with v = dy. */
    private static FloatVector rreluScaled(FloatVector x, FloatVector u, FloatVector v, float width, float lower) {
        FloatVector slope = u.mul(width).add(lower);
        return v.mul(slope).blend(v, x.compare(VectorOperators.GE, 0f));
    }

    @Override
    public void softplus(MemorySegment x, MemorySegment y, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            softplusValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER)).intoMemorySegment(y, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            softplusValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest)).intoMemorySegment(y, p, ORDER, rest);
        }
    }

    /** {@code max(x, 0) + log1p(exp(−|x|))}. */
    private static FloatVector softplusValue(FloatVector x) {
        return x.max(0f).add(flushedExp(x.abs().neg()).lanewise(VectorOperators.LOG1P));
    }

    @Override
    public void softplusBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            softplusGradient(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER), FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER))
                    .intoMemorySegment(dx, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            softplusGradient(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest), FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest))
                    .intoMemorySegment(dx, p, ORDER, rest);
        }
    }

    private static FloatVector softplusGradient(FloatVector x, FloatVector dy) {
        return dy.mul(sigmoidValue(x));
    }

    @Override
    public void softsign(MemorySegment x, MemorySegment y, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            softsignValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER)).intoMemorySegment(y, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            softsignValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest)).intoMemorySegment(y, p, ORDER, rest);
        }
    }

    private static FloatVector softsignValue(FloatVector x) {
        return x.div(x.abs().add(1f));
    }

    @Override
    public void softsignBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            softsignGradient(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER), FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER))
                    .intoMemorySegment(dx, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            softsignGradient(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest), FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest))
                    .intoMemorySegment(dx, p, ORDER, rest);
        }
    }

    /** {@code dy / (1 + |x|)²}. */
    private static FloatVector softsignGradient(FloatVector x, FloatVector dy) {
        FloatVector d = x.abs().add(1f);
        return dy.div(d.mul(d));
    }

    @Override
    public void swish(MemorySegment x, MemorySegment y, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            swishValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER)).intoMemorySegment(y, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            swishValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest)).intoMemorySegment(y, p, ORDER, rest);
        }
    }

    private static FloatVector swishValue(FloatVector x) {
        return x.mul(sigmoidValue(x));
    }

    @Override
    public void swishBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            swishGradient(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER), FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER))
                    .intoMemorySegment(dx, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            swishGradient(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest), FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest))
                    .intoMemorySegment(dx, p, ORDER, rest);
        }
    }

    /** {@code dy · s · (1 + x·(1 − s))}, s = sigmoid(x). */
    private static FloatVector swishGradient(FloatVector x, FloatVector dy) {
        FloatVector s = sigmoidValue(x);
        return dy.mul(s).mul(x.mul(s.neg().add(1f)).add(1f));
    }

    @Override
    public void gelu(MemorySegment x, MemorySegment y, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            geluValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER)).intoMemorySegment(y, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            geluValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest)).intoMemorySegment(y, p, ORDER, rest);
        }
    }

    private static FloatVector geluValue(FloatVector x) {
        return x.mul(normalCdf(x));
    }

    private static final float INV_SQRT_2 = 0.70710678118654752440f;
    private static final float INV_SQRT_2PI = 0.39894228040143267794f;

    /** {@code Φ(x) = (1 + erf(x/√2)) / 2}, erf by Abramowitz–Stegun 7.1.28 as in {@link ScalarKernels#erf}. */
    private static FloatVector normalCdf(FloatVector x) {
        FloatVector z = x.mul(INV_SQRT_2);
        FloatVector a = z.abs().min(ERF_SATURATES_AT);
        FloatVector p = a.fma(ERF_A6, ERF_A5).mul(a).add(ERF_A4).mul(a).add(ERF_A3).mul(a).add(ERF_A2)
                .mul(a).add(ERF_A1).mul(a).add(1f);
        FloatVector p2 = p.mul(p);
        FloatVector p4 = p2.mul(p2);
        FloatVector p8 = p4.mul(p4);
        FloatVector erf = FloatVector.broadcast(SPECIES, 1f).div(p8.mul(p8)).neg().add(1f); // 1 − p^−16
        erf = erf.blend(erf.neg(), z.compare(VectorOperators.LT, 0f));
        return erf.add(1f).mul(0.5f);
    }

    private static final float ERF_A1 = (float) ScalarKernels.ERF_A[0];
    private static final float ERF_A2 = (float) ScalarKernels.ERF_A[1];
    private static final float ERF_A3 = (float) ScalarKernels.ERF_A[2];
    private static final float ERF_A4 = (float) ScalarKernels.ERF_A[3];
    private static final float ERF_A5 = (float) ScalarKernels.ERF_A[4];
    private static final float ERF_A6 = (float) ScalarKernels.ERF_A[5];

    @Override
    public void geluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            geluGradient(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER), FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER))
                    .intoMemorySegment(dx, p, ORDER);
        }
        if (p < n * FB) {
            geluBackwardTail(x, dy, dx, n, p);
        }
    }

    private static void geluBackwardTail(MemorySegment x, MemorySegment dy, MemorySegment dx, long n, long p) {
        VectorMask<Float> rest = tailMask(p / FB, n);
        geluGradient(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest), FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest))
                .intoMemorySegment(dx, p, ORDER, rest);
    }

    /** {@code dy · (Φ(x) + x·φ(x))}, φ(x) = exp(−x²/2)/√(2π). */
    private static FloatVector geluGradient(FloatVector x, FloatVector dy) {
        FloatVector density = flushedExp(x.mul(x).mul(-0.5f)).mul(INV_SQRT_2PI);
        return dy.mul(x.fma(density, normalCdf(x)));
    }

    @Override
    public void exponential(MemorySegment x, MemorySegment y, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            exponentialValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER)).intoMemorySegment(y, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            exponentialValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest)).intoMemorySegment(y, p, ORDER, rest);
        }
    }

    /** {@code exp(x)}: 0 below −64, +∞ above ln(Float.MAX_VALUE), the polynomial in between. */
    private static FloatVector exponentialValue(FloatVector x) {
        return flushedExp(x.min(EXP_OVERFLOWS_ABOVE))
                .blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_OVERFLOWS_ABOVE));
    }

    @Override
    public void hardSigmoid(MemorySegment x, MemorySegment y, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            hardSigmoidValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER)).intoMemorySegment(y, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            hardSigmoidValue(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest)).intoMemorySegment(y, p, ORDER, rest);
        }
    }

    /** {@code clip(x/6 + 1/2, 0, 1)}. */
    private static FloatVector hardSigmoidValue(FloatVector x) {
        return x.div(6f).add(0.5f).max(0f).min(1f);
    }

    @Override
    public void hardSigmoidBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            hardSigmoidGradient(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER), FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER))
                    .intoMemorySegment(dx, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            hardSigmoidGradient(FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest), FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest))
                    .intoMemorySegment(dx, p, ORDER, rest);
        }
    }

    /** {@code −3 < x < 3 ? dy/6 : 0}. */
    private static FloatVector hardSigmoidGradient(FloatVector x, FloatVector dy) {
        VectorMask<Float> inside = x.compare(VectorOperators.GT, -3f).and(x.compare(VectorOperators.LT, 3f));
        return FloatVector.zero(SPECIES).blend(dy.div(6f), inside);
    }

    // ------------------------------------------------------------------ row-wise softmax
    // Rows are short (10 classes), so each row is walked in vectors whose last one is masked.

    @Override
    public void softmax(MemorySegment x, MemorySegment y, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols * FB;
            float max = rowMax(x, row, cols);
            float sum = expShiftedAndSum(x, y, row, cols, max);
            scaleRow(y, row, cols, 1f / sum);
        }
    }

    static float rowMax(MemorySegment x, long row, int cols) {
        FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < cols; j += LANES) {
            VectorMask<Float> valid = tailMask(j, cols);
            max = max.lanewise(VectorOperators.MAX, FloatVector.fromMemorySegment(SPECIES, x, row + j * FB, ORDER, valid), valid);
        }
        return max.reduceLanes(VectorOperators.MAX);
    }

    /** {@code y = exp(x - max)}, returns Σ y. */
    private static float expShiftedAndSum(MemorySegment x, MemorySegment y, long row, int cols, float max) {
        for (int j = 0; j < cols; j += LANES) {
            VectorMask<Float> valid = tailMask(j, cols);
            FloatVector e = flushedExp(FloatVector.fromMemorySegment(SPECIES, x, row + j * FB, ORDER, valid).sub(max));
            e.intoMemorySegment(y, row + j * FB, ORDER, valid);
        }
        // summed in column order: reduceLanes(ADD) adds lanes in a different order before and after
        // C2 compiles it, which made training results depend on JIT timing
        float sum = 0f;
        for (int j = 0; j < cols; j++) {
            sum += get(y, row / FB + j); // row is a byte offset
        }
        return sum;
    }

    private static void scaleRow(MemorySegment y, long row, int cols, float factor) {
        for (int j = 0; j < cols; j += LANES) {
            VectorMask<Float> valid = tailMask(j, cols);
            FloatVector.fromMemorySegment(SPECIES, y, row + j * FB, ORDER, valid).mul(factor).intoMemorySegment(y, row + j * FB, ORDER, valid);
        }
    }

    @Override
    public void softmaxBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols * FB;
            float dyDotY = dotRowMasked(dy, y, row, cols);
            softmaxGradientRow(y, dy, dx, row, cols, dyDotY);
        }
    }

    private static float dotRowMasked(MemorySegment x, MemorySegment y, long row, int cols) {
        FloatVector sum = FloatVector.zero(SPECIES);
        for (int j = 0; j < cols; j += LANES) {
            VectorMask<Float> valid = tailMask(j, cols);
            sum = FloatVector.fromMemorySegment(SPECIES, x, row + j * FB, ORDER, valid)
                    .fma(FloatVector.fromMemorySegment(SPECIES, y, row + j * FB, ORDER, valid), sum);
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    /** {@code dx = y · (dy − Σ dy·y)}. */
    private static void softmaxGradientRow(MemorySegment y, MemorySegment dy, MemorySegment dx, long row, int cols,
                                           float dyDotY) {
        for (int j = 0; j < cols; j += LANES) {
            VectorMask<Float> valid = tailMask(j, cols);
            long offset = row + j * FB;
            FloatVector.fromMemorySegment(SPECIES, y, offset, ORDER, valid)
                    .mul(FloatVector.fromMemorySegment(SPECIES, dy, offset, ORDER, valid).sub(dyDotY))
                    .intoMemorySegment(dx, offset, ORDER, valid);
        }
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

    // ------------------------------------------------------------------ optimizers

    @Override
    public void adam(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long n,
                     float lrT, float beta1, float beta2, float eps) {
        adamRange(w, g, m, v, 0, n, lrT, beta1, beta2, eps);
    }

    @Override
    public void adamRange(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long from, long to,
                          float lrT, float beta1, float beta2, float eps) {
        long body = (from + SPECIES.loopBound(to - from)) * FB;
        long p = from * FB;
        for (; p < body; p += VBYTES) {
            adamStep(w, g, m, v, p, lrT, beta1, beta2, eps);
        }
        ScalarKernels.adamRange(w, g, m, v, p / FB, to, lrT, beta1, beta2, eps); // scalar tail
    }

    /** {@code m = b1·m + (1−b1)·g; v = b2·v + (1−b2)·g²; w −= lrT·m / (sqrt(v) + eps)} on one vector. */
    private static void adamStep(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long p,
                                 float lrT, float beta1, float beta2, float eps) {
        // flushes written out, not in a helper returning a vector: C2 sometimes compiles such a
        // helper on its own first, then will not inline it, and every call boxes its vectors
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
        FloatVector vv = vRaw.blend(0f, vRaw.abs().compare(VectorOperators.LT, STATE_FLUSH_BELOW)); // flushed (inline, see adamStep)
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
