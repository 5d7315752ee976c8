package dev.tensorlane.layers;

import dev.tensorlane.activations.StandardActivation;

import java.lang.foreign.MemorySegment;

/**
 * Keras's {@code AlphaDropout(rate)}, for SELU networks: dropped units are set to SELU's
 * saturation value {@code α' = −scale·alpha} and the result is transformed as {@code a·x + b}
 * so that mean and variance are kept:
 * {@code a = ((1 − rate)(1 + rate·α'²))^(−1/2)}, {@code b = −a·α'·rate}. Identity in inference.
 */
public final class AlphaDropout extends RandomMaskLayer {

    /** SELU's negative saturation value {@code −scale·alpha}. */
    static final float ALPHA_PRIME = -StandardActivation.SELU_SCALE * StandardActivation.SELU_ALPHA;

    private final float a;
    private final float b;

    public AlphaDropout(double rate) {
        this(rate, null);
    }

    public AlphaDropout(double rate, String name) {
        super((float) rate, name);
        double r = rate;
        double aa = 1.0 / Math.sqrt((1 - r) * (1 + r * (double) ALPHA_PRIME * ALPHA_PRIME));
        this.a = (float) aa;
        this.b = (float) (-aa * ALPHA_PRIME * r);
    }

    @Override
    protected void applyMask(MemorySegment x, MemorySegment u, MemorySegment y, long n) {
        kernels.alphaDropout(x, u, y, n, rate(), a, b, ALPHA_PRIME);
    }

    @Override
    protected void applyMaskBackward(MemorySegment u, MemorySegment dy, MemorySegment dx, long n) {
        kernels.alphaDropoutBackward(u, dy, dx, n, rate(), a);
    }
}
