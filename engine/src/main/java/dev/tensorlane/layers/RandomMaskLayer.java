package dev.tensorlane.layers;

import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * Shared part of {@link Dropout} and {@link AlphaDropout}: a rate in [0, 1), and in training one
 * uniform draw per element from the model's seeded generator (a unit is kept when
 * {@code u >= rate}, as Keras decides it). The draws stay in a workspace for backward. Inference,
 * and a rate of 0, pass the input through.
 */
abstract class RandomMaskLayer extends UniformDrawLayer {

    private final float rate;
    private boolean maskedLastForward;

    RandomMaskLayer(float rate, String name) {
        super(name);
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    public float rate() {
        return rate;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.put("rate", rate);
        return config;
    }

    @Override
    public final MemorySegment forward(MemorySegment x, int rows, boolean training) {
        maskedLastForward = training && rate > 0f;
        if (!maskedLastForward) {
            return x;
        }
        long n = (long) rows * inputSize();
        applyMask(x, drawUniforms(n), output(), n);
        return output();
    }

    @Override
    public final MemorySegment backward(MemorySegment dy, int rows, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        if (!maskedLastForward) {
            return dy;
        }
        applyMaskBackward(uniforms(), dy, inputGradient(), (long) rows * inputSize());
        return inputGradient();
    }

    /** Training forward over n elements, given the uniform draws u. */
    protected abstract void applyMask(MemorySegment x, MemorySegment u, MemorySegment y, long n);

    /** Backward of {@link #applyMask} with the same draws. */
    protected abstract void applyMaskBackward(MemorySegment u, MemorySegment dy, MemorySegment dx, long n);
}
