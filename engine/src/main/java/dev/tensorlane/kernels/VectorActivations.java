package dev.tensorlane.kernels;

import static dev.tensorlane.kernels.Kernels.ERF_SATURATES_AT;
import static dev.tensorlane.kernels.Kernels.EXP_FLUSH_BELOW;
import static dev.tensorlane.kernels.Kernels.EXP_OVERFLOWS_ABOVE;
import static dev.tensorlane.kernels.VectorKernels.F;
import static dev.tensorlane.kernels.VectorKernels.FB;
import static dev.tensorlane.kernels.VectorKernels.LANES;
import static dev.tensorlane.kernels.VectorKernels.ORDER;
import static dev.tensorlane.kernels.VectorKernels.SPECIES;
import static dev.tensorlane.kernels.VectorKernels.VBYTES;
import static dev.tensorlane.kernels.VectorKernels.get;
import static dev.tensorlane.kernels.VectorKernels.set;
import static dev.tensorlane.kernels.VectorKernels.sumLanes;
import static dev.tensorlane.kernels.VectorKernels.tailMask;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link VectorKernels}' activation functions, forward and backward: ReLU, leaky ReLU, PReLU, RReLU,
 * ELU/SELU, sigmoid, tanh, softplus, softsign, swish, GELU, exponential, hard sigmoid and the
 * row-wise softmax, with the exp and expm1 polynomials they share.
 */
final class VectorActivations {

    static void relu(MemorySegment x, MemorySegment y, long n) {
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

    static void reluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        // dx = x > 0 ? dy : 0, written out rather than in a helper returning a vector
        // (see VectorKernels.adamRange)
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

    static void elu(MemorySegment x, MemorySegment y, long n, float alpha, float scale) {
        eluRange(x, y, 0, n, alpha, scale);
    }

    static void eluRange(MemorySegment x, MemorySegment y, long from, long to, float alpha, float scale) {
        long body = from + SPECIES.loopBound(to - from);
        eluVectors(x, y, from * FB, body * FB, alpha, scale);
        if (body < to) { // the last lanes go through one vector of scratch, so the loop above has no masks
            MemorySegment scratch = VECTOR_SCRATCH.get();
            VectorMask<Float> rest = tailMask(body, to);
            FloatVector.fromMemorySegment(SPECIES, x, body * FB, ORDER, rest).intoMemorySegment(scratch, 0, ORDER);
            eluVectors(scratch, scratch, 0, VBYTES, alpha, scale);
            FloatVector.fromMemorySegment(SPECIES, scratch, 0, ORDER).intoMemorySegment(y, body * FB, ORDER, rest);
        }
    }

    /**
     * {@code y = scale * (x > 0 ? x : alpha * expm1(x))} over whole vectors, bytes [from, to). expm1 in
     * plain arithmetic, not {@code VectorOperators.EXPM1}, whose intrinsic and interpreter fallback
     * round differently (results depended on when the JIT compiled the kernel): for |t| < 1/2 the
     * Taylor polynomial {@code t·(1 + t/2! + … + t⁷/8!)} (remainder below 2e-8 relative), below
     * {@code exp(t) − 1} with t clamped at −64, where expm1 is −1 in float anyway. The exp is
     * {@link #exp}'s arithmetic written out, not called (see {@link #flushedExpRange};
     * {@code ExpCopiesParityTest} holds the copies to the same bits).
     */
    private static void eluVectors(MemorySegment x, MemorySegment y, long from, long to, float alpha, float scale) {
        for (long p = from; p < to; p += VBYTES) {
            FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, p, ORDER);
            // t = min(x, 0) wherever it matters: lanes with x > 0 take x at the end, whatever the
            // exp below made of them (Java's min and max, NaN and −0 rules included, are five
            // instructions each in C2's code; a compare and a blend do the clamp at −64)
            FloatVector t = xv;
            FloatVector q = t.fma(FloatVector.broadcast(SPECIES, 1f / 40320f), FloatVector.broadcast(SPECIES, 1f / 5040f));
            q = q.fma(t, FloatVector.broadcast(SPECIES, 1f / 720f));
            q = q.fma(t, FloatVector.broadcast(SPECIES, 1f / 120f));
            q = q.fma(t, FloatVector.broadcast(SPECIES, 1f / 24f));
            q = q.fma(t, FloatVector.broadcast(SPECIES, 1f / 6f));
            q = q.fma(t, FloatVector.broadcast(SPECIES, 0.5f));
            q = q.fma(t, FloatVector.broadcast(SPECIES, 1f));
            FloatVector near = q.mul(t);
            // exp(max(t, −64)), the polynomial of flushedExpVectors
            FloatVector e = t.blend(EXP_FLUSH_BELOW, t.compare(VectorOperators.LT, EXP_FLUSH_BELOW));
            FloatVector shifted = e.fma(LOG2E, ROUNDING_MAGIC);
            FloatVector m = shifted.sub(ROUNDING_MAGIC);
            FloatVector r = m.fma(FloatVector.broadcast(SPECIES, -LN2_HI), e);
            r = m.fma(FloatVector.broadcast(SPECIES, -LN2_LO), r);
            FloatVector poly = r.fma(EXP_P0, EXP_P1);
            poly = poly.fma(r, FloatVector.broadcast(SPECIES, EXP_P2));
            poly = poly.fma(r, FloatVector.broadcast(SPECIES, EXP_P3));
            poly = poly.fma(r, FloatVector.broadcast(SPECIES, EXP_P4));
            poly = poly.fma(r, FloatVector.broadcast(SPECIES, EXP_P5));
            FloatVector halfScale = shifted.reinterpretAsInts().add(126 - ROUNDING_MAGIC_BITS)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats(); // 2^(m−1)
            FloatVector far = poly.mul(r.mul(r)).add(r).add(1f).mul(halfScale).mul(2f).sub(1f);
            FloatVector negative = near.blend(far, t.compare(VectorOperators.LT, -0.5f)).mul(alpha);
            negative.blend(xv, xv.compare(VectorOperators.GT, 0f)).mul(scale).intoMemorySegment(y, p, ORDER);
        }
    }

    static void eluBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n, float alpha, float scale) {
        eluBackwardRange(y, dy, dx, 0, n, alpha, scale);
    }

    /** From the forward's output, as TensorFlow's EluGrad/SeluGrad: no exp (see {@code Kernels.eluBackward}). */
    static void eluBackwardRange(MemorySegment y, MemorySegment dy, MemorySegment dx, long from, long to,
                                 float alpha, float scale) {
        float scaleAlpha = scale * alpha; // the float product the forward's −scale·alpha saturates at
        long body = (from + SPECIES.loopBound(to - from)) * FB;
        long p = from * FB;
        for (; p < body; p += VBYTES) {
            eluGradient(FloatVector.fromMemorySegment(SPECIES, y, p, ORDER), FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER),
                    scale, scaleAlpha).intoMemorySegment(dx, p, ORDER);
        }
        if (p < to * FB) {
            VectorMask<Float> rest = tailMask(p / FB, to);
            eluGradient(FloatVector.fromMemorySegment(SPECIES, y, p, ORDER, rest),
                    FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest), scale, scaleAlpha)
                    .intoMemorySegment(dx, p, ORDER, rest);
        }
    }

    /** {@code dy · (y > 0 ? scale : y + scale·alpha)}: for x ≤ 0, y + scale·alpha = scale·alpha·exp(x). */
    private static FloatVector eluGradient(FloatVector y, FloatVector dy, float scale, float scaleAlpha) {
        FloatVector slope = y.add(scaleAlpha).blend(scale, y.compare(VectorOperators.GT, 0f));
        return dy.mul(slope);
    }

    static void sigmoid(MemorySegment x, MemorySegment y, long n) {
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
     * {@code exp(t)}, or 0 where t is below {@link Kernels#EXP_FLUSH_BELOW}; the input is clamped first so
     * that the exponential never sees arguments whose result would be denormal. Callers keep t at
     * most {@link Kernels#EXP_OVERFLOWS_ABOVE}.
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
     * {@code exp(t)} as a vector helper, for sigmoid, softplus, swish, GELU and exponential: a kernel
     * that C2 compiles without inlining it boxes the vectors (see {@link #flushedExpRange}).
     * exp(t) for t in [−64, 88.72] is within 1 ulp of {@code Math.exp} (0.97 ulp measured over
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

    /**
     * {@code s[i] = exp(s[i])}, or 0 where s[i] is below {@link Kernels#EXP_FLUSH_BELOW} (clamped
     * first, as in {@link #flushedExp}), for i in [0, n); callers keep s at most
     * {@link Kernels#EXP_OVERFLOWS_ABOVE}. The same arithmetic as {@link #exp}, in a loop over memory,
     * so that no vector crosses a call: when C2 compiled {@code softmax} before the vector helper's
     * call site had a profile, it declined to inline {@link #exp} ("too big" for a call site without
     * counts), and every call boxed its argument and result: 6,144 B per training step in one JMH fork
     * of six ({@code trainStep}, selu, batch 32), none in the others. Softmax and ELU/SELU, on the seed
     * models' path, take their exponentials this way (ELU/SELU with the polynomial written out in
     * {@link #eluVectors}); the other activations still call {@link #flushedExp}.
     */
    private static void flushedExpRange(MemorySegment s, long n) {
        long body = SPECIES.loopBound(n);
        flushedExpVectors(s, 0, body * FB);
        if (body < n) { // as in eluRange
            MemorySegment scratch = VECTOR_SCRATCH.get();
            VectorMask<Float> rest = tailMask(body, n);
            FloatVector.fromMemorySegment(SPECIES, s, body * FB, ORDER, rest).intoMemorySegment(scratch, 0, ORDER);
            flushedExpVectors(scratch, 0, VBYTES);
            FloatVector.fromMemorySegment(SPECIES, scratch, 0, ORDER).intoMemorySegment(s, body * FB, ORDER, rest);
        }
    }

    /**
     * {@link #flushedExpRange} over whole vectors, bytes [from, to): {@link #exp}'s arithmetic written
     * out, as in {@link #eluVectors}; {@code ExpCopiesParityTest} holds the three to the same bits.
     */
    private static void flushedExpVectors(MemorySegment s, long from, long to) {
        for (long p = from; p < to; p += VBYTES) {
            FloatVector raw = FloatVector.fromMemorySegment(SPECIES, s, p, ORDER);
            VectorMask<Float> flushed = raw.compare(VectorOperators.LT, EXP_FLUSH_BELOW);
            FloatVector t = raw.blend(EXP_FLUSH_BELOW, flushed); // max(raw, −64), NaN kept, in two instructions
            // Broadcasts are written out (FloatVector.broadcast is force-inlined): through a helper
            // method they stopped being inlined in big kernels (C2's NodeCountInliningCutoff), which
            // boxed the vectors and made GELU's backward 3x slower.
            FloatVector shifted = t.fma(LOG2E, ROUNDING_MAGIC);
            FloatVector m = shifted.sub(ROUNDING_MAGIC);
            FloatVector r = m.fma(FloatVector.broadcast(SPECIES, -LN2_HI), t);
            r = m.fma(FloatVector.broadcast(SPECIES, -LN2_LO), r);
            FloatVector poly = r.fma(EXP_P0, EXP_P1);
            poly = poly.fma(r, FloatVector.broadcast(SPECIES, EXP_P2));
            poly = poly.fma(r, FloatVector.broadcast(SPECIES, EXP_P3));
            poly = poly.fma(r, FloatVector.broadcast(SPECIES, EXP_P4));
            poly = poly.fma(r, FloatVector.broadcast(SPECIES, EXP_P5));
            FloatVector mantissa = poly.mul(r.mul(r)).add(r).add(1f);
            FloatVector halfScale = shifted.reinterpretAsInts().add(126 - ROUNDING_MAGIC_BITS)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats(); // 2^(m−1)
            mantissa.mul(halfScale).mul(2f).blend(0f, flushed).intoMemorySegment(s, p, ORDER);
        }
    }

    /** Each thread's one vector of scratch (64-byte aligned): the last lanes of ELU/SELU and of the exp loop. */
    private static final ThreadLocal<MemorySegment> VECTOR_SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(VBYTES, 64));

    /** Cephes' expf polynomial P in {@code exp(r) ≈ 1 + r + r²·P(r)}, highest degree first. */
    private static final float EXP_P0 = 1.9875691500E-4f;
    private static final float EXP_P1 = 1.3981999507E-3f;
    private static final float EXP_P2 = 8.3334519073E-3f;
    private static final float EXP_P3 = 4.1665795894E-2f;
    private static final float EXP_P4 = 1.6666665459E-1f;
    private static final float EXP_P5 = 5.0000001201E-1f;


    static void sigmoidBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n) {
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

    static void tanh(MemorySegment x, MemorySegment y, long n) {
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

    static void tanhBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n) {
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

    static void leakyRelu(MemorySegment x, MemorySegment y, long n, float negativeSlope, float threshold, float maxValue) {
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

    /**
     * {@code dx = dy · (x < threshold ? negativeSlope : x < maxValue ? 1 : 0)}, written out in the loop
     * and the tail: as a vector helper (41 bytes of bytecode) it would exceed C2's 35-byte limit for
     * call sites without counts, and a caller compiled before the helper had a profile would box its
     * vectors on every call (see {@link #flushedExpRange}).
     */
    static void leakyReluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n,
                                  float negativeSlope, float threshold, float maxValue) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, p, ORDER);
            FloatVector slope = FloatVector.broadcast(SPECIES, 1f).blend(0f, xv.compare(VectorOperators.GE, maxValue))
                    .blend(negativeSlope, xv.compare(VectorOperators.LT, threshold));
            FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER).mul(slope).intoMemorySegment(dx, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest);
            FloatVector slope = FloatVector.broadcast(SPECIES, 1f).blend(0f, xv.compare(VectorOperators.GE, maxValue))
                    .blend(negativeSlope, xv.compare(VectorOperators.LT, threshold));
            FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest).mul(slope).intoMemorySegment(dx, p, ORDER, rest);
        }
    }

    // PReLU: vectors run across columns (one slope per column); columns past the last whole vector
    // take the scalar reference loop, as batch normalization's do.

    static void prelu(MemorySegment x, MemorySegment alpha, MemorySegment y, int rows, int cols) {
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

    static void preluBackward(MemorySegment x, MemorySegment alpha, MemorySegment dy, MemorySegment dx,
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

    static void rrelu(MemorySegment x, MemorySegment u, MemorySegment y, long n, float lower, float upper) {
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

    static void rreluBackward(MemorySegment x, MemorySegment u, MemorySegment dy, MemorySegment dx, long n,
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

    static void softplus(MemorySegment x, MemorySegment y, long n) {
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

    static void softplusBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
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

    static void softsign(MemorySegment x, MemorySegment y, long n) {
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

    static void softsignBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
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

    static void swish(MemorySegment x, MemorySegment y, long n) {
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

    static void swishBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
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

    static void gelu(MemorySegment x, MemorySegment y, long n) {
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

    static void geluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
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

    static void exponential(MemorySegment x, MemorySegment y, long n) {
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

    static void hardSigmoid(MemorySegment x, MemorySegment y, long n) {
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

    /** {@code dx = −3 < x < 3 ? dy/6 : 0}, written out as {@link #leakyReluBackward}'s gradient is (42 bytes as a helper). */
    static void hardSigmoidBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        long body = SPECIES.loopBound(n) * FB;
        long p = 0;
        for (; p < body; p += VBYTES) {
            FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, p, ORDER);
            VectorMask<Float> inside = xv.compare(VectorOperators.GT, -3f).and(xv.compare(VectorOperators.LT, 3f));
            FloatVector.zero(SPECIES).blend(FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER).div(6f), inside)
                    .intoMemorySegment(dx, p, ORDER);
        }
        if (p < n * FB) {
            VectorMask<Float> rest = tailMask(p / FB, n);
            FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, p, ORDER, rest);
            VectorMask<Float> inside = xv.compare(VectorOperators.GT, -3f).and(xv.compare(VectorOperators.LT, 3f));
            FloatVector.zero(SPECIES).blend(FloatVector.fromMemorySegment(SPECIES, dy, p, ORDER, rest).div(6f), inside)
                    .intoMemorySegment(dx, p, ORDER, rest);
        }
    }

    // ------------------------------------------------------------------ row-wise softmax
    // Rows are short (10 classes), so each row is walked in vectors whose last one is masked.

    static void softmax(MemorySegment x, MemorySegment y, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols * FB;
            shiftRow(x, y, row, cols, rowMax(x, row, cols));
        }
        flushedExpRange(y, (long) rows * cols); // y = exp(x − max) in one pass over all rows
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols * FB;
            scaleRow(y, row, cols, 1f / rowSum(y, row, cols));
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

    /** {@code y = x − max} on one row (in place when y is x). */
    private static void shiftRow(MemorySegment x, MemorySegment y, long row, int cols, float max) {
        for (int j = 0; j < cols; j += LANES) {
            VectorMask<Float> valid = tailMask(j, cols);
            FloatVector.fromMemorySegment(SPECIES, x, row + j * FB, ORDER, valid).sub(max).intoMemorySegment(y, row + j * FB, ORDER, valid);
        }
    }

    /**
     * Σ of a row in column order: reduceLanes(ADD) adds lanes in a different order before and after
     * C2 compiles it, which made training results depend on JIT timing.
     */
    private static float rowSum(MemorySegment y, long row, int cols) {
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

    static void softmaxBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, int rows, int cols) {
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
        return sumLanes(sum);
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

    private VectorActivations() {
    }
}
