package dev.tensorlane.layers;

import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * The randomized leaky ReLU (Xu et al. 2015; PyTorch's {@code RReLU}; Keras has none):
 * {@code f(x) = x >= 0 ? x : a·x}. In training every element gets its own slope
 * {@code a ~ U(lower, upper)}, drawn from the model's seeded generator and kept for backward; in
 * inference the slope is the mean, {@code (lower + upper) / 2}.
 */
public final class RReLU extends UniformDrawLayer {

    /** PyTorch's defaults. */
    public static final float DEFAULT_LOWER = 1f / 8;
    public static final float DEFAULT_UPPER = 1f / 3;

    private final float lower;
    private final float upper;
    private MemorySegment input;     // the draws u give each element's slope lower + (upper − lower)·u
    private boolean trainingForward;

    public RReLU() {
        this(DEFAULT_LOWER, DEFAULT_UPPER);
    }

    /** @throws IllegalArgumentException unless {@code 0 <= lower <= upper}, both finite */
    public RReLU(double lower, double upper) {
        super(null);
        if (!(lower >= 0) || Double.isInfinite(lower) || !(upper >= 0) || Double.isInfinite(upper)) {
            throw new IllegalArgumentException("RReLU: lower and upper must be finite numbers >= 0, got lower="
                    + lower + ", upper=" + upper);
        }
        if (lower > upper) {
            throw new IllegalArgumentException("RReLU: lower must not exceed upper, got lower=" + lower
                    + " > upper=" + upper);
        }
        this.lower = (float) lower;
        this.upper = (float) upper;
    }

    public float lower() {
        return lower;
    }

    public float upper() {
        return upper;
    }

    /** The inference slope, {@code (lower + upper) / 2}. */
    public float meanSlope() {
        return (lower + upper) / 2;
    }

    @Override
    public MemorySegment forward(MemorySegment x, int rows, boolean training) {
        input = x;
        trainingForward = training;
        long n = (long) rows * inputSize();
        if (!training) {
            kernels.leakyRelu(x, output(), n, meanSlope(), 0f, Float.POSITIVE_INFINITY);
            return output();
        }
        kernels.rrelu(x, drawUniforms(n), output(), n, lower, upper);
        return output();
    }

    @Override
    public MemorySegment backward(MemorySegment dy, int rows, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        long n = (long) rows * inputSize();
        if (trainingForward) {
            kernels.rreluBackward(input, uniforms(), dy, inputGradient(), n, lower, upper);
        } else {
            kernels.leakyReluBackward(input, dy, inputGradient(), n, meanSlope(), 0f, Float.POSITIVE_INFINITY);
        }
        return inputGradient();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        // not a Keras layer: PyTorch's names for the slope range
        config.put("lower", (double) lower());
        config.put("upper", (double) upper());
        return config;
    }
}
