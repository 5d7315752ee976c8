package dev.tensorlane.layers;

import dev.tensorlane.initializers.Initializer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Keras's {@code PReLU()}: {@code f(x) = x > 0 ? x : alpha·x} with a learnable slope per input
 * element (one per feature for a flat input), initialised to 0 and updated by the optimizer like
 * any other trainable weight ({@code p_re_lu/alpha}). Backward writes
 * {@code dalpha = Σ_rows dy·x} over the negative inputs.
 */
public final class PReLU extends Layer {

    private Parameter alpha;
    private MemorySegment input;
    private MemorySegment output;
    private MemorySegment inputGradient;

    public PReLU() {
        this(null);
    }

    public PReLU(String name) {
        super(name);
    }

    @Override
    protected int[] computeOutputShape(int[] inputShape) {
        return inputShape;
    }

    @Override
    public long trainableParamCount() {
        return inputSize();
    }

    @Override
    public void build(LayerContext context) {
        super.build(context);
        int n = inputSize();
        alpha = track(context.addWeight(this, "alpha", inputShape(), Initializer.zeros(), n, n, true));
    }

    /** The slopes, one per input element. */
    public Parameter alpha() {
        return alpha;
    }

    @Override
    public void allocateWorkspace(Arena arena, int maxRows) {
        long floats = (long) maxRows * inputSize();
        output = buffer(arena, floats);
        inputGradient = buffer(arena, floats);
    }

    @Override
    public MemorySegment forward(MemorySegment x, int rows, boolean training) {
        input = x;
        kernels.prelu(x, alpha.value(), output, rows, inputSize());
        return output;
    }

    @Override
    public MemorySegment backward(MemorySegment dy, int rows, boolean needInputGradient) {
        // dx is written whether or not it is wanted: the same kernel pass produces dalpha.
        kernels.preluBackward(input, alpha.value(), dy, inputGradient, alpha.gradient(), rows, inputSize());
        return needInputGradient ? inputGradient : null;
    }
}
