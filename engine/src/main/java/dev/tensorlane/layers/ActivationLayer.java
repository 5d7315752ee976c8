package dev.tensorlane.layers;

import dev.tensorlane.activations.ActivationFunction;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A layer that applies an activation function on its own, with no weights: the base of
 * {@link Activation}, {@link ReLU}, {@link LeakyReLU}, {@link ELU} and {@link Softmax}.
 */
public abstract class ActivationLayer extends Layer {

    private final ActivationFunction function;
    private MemorySegment input;
    private MemorySegment output;
    private MemorySegment inputGradient;

    protected ActivationLayer(ActivationFunction function, String name) {
        super(name);
        this.function = function;
    }

    public ActivationFunction function() {
        return function;
    }

    @Override
    protected int[] computeOutputShape(int[] inputShape) {
        if (function.isSoftmax()) {
            requireFlatInput(inputShape);
        }
        return inputShape;
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
        function.forward(kernels, x, output, rows, inputSize());
        return output;
    }

    @Override
    public MemorySegment backward(MemorySegment dy, int rows, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        function.backward(kernels, input, output, dy, inputGradient, rows, inputSize());
        return inputGradient;
    }

    @Override
    public boolean outputsSoftmax() {
        return function.isSoftmax();
    }

    @Override
    public MemorySegment backwardFromLogits(MemorySegment dlogits, int rows, boolean needInputGradient) {
        return needInputGradient ? dlogits : null;
    }
}
