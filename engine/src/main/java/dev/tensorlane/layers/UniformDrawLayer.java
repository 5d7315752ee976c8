package dev.tensorlane.layers;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.random.RandomGenerator;

/**
 * Shared part of the layers that draw one uniform per element in training from the model's
 * seeded generator and keep the draws for backward ({@link RandomMaskLayer}'s Dropout and
 * AlphaDropout, {@link RReLU}): the generator, the draws, and output and input-gradient buffers
 * shaped like the input, which is also the output shape.
 */
abstract class UniformDrawLayer extends Layer {

    private RandomGenerator random;
    private MemorySegment uniforms;
    private MemorySegment output;
    private MemorySegment inputGradient;

    UniformDrawLayer(String name) {
        super(name);
    }

    @Override
    protected final int[] computeOutputShape(int[] inputShape) {
        return inputShape;
    }

    @Override
    public void build(LayerContext context) {
        super.build(context);
        this.random = context.random();
    }

    @Override
    public final void allocateWorkspace(Arena arena, int maxRows) {
        long floats = (long) maxRows * inputSize();
        uniforms = buffer(arena, floats);
        output = buffer(arena, floats);
        inputGradient = buffer(arena, floats);
    }

    /** Draws n uniforms in [0, 1) from the model's generator, in element order, and returns them. */
    protected final MemorySegment drawUniforms(long n) {
        for (long i = 0; i < n; i++) {
            uniforms.setAtIndex(ValueLayout.JAVA_FLOAT, i, random.nextFloat());
        }
        return uniforms;
    }

    /** The draws of the last training forward. */
    protected final MemorySegment uniforms() {
        return uniforms;
    }

    protected final MemorySegment output() {
        return output;
    }

    protected final MemorySegment inputGradient() {
        return inputGradient;
    }
}
