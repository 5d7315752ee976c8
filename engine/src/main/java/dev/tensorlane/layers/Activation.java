package dev.tensorlane.layers;

import dev.tensorlane.activations.ActivationFunction;
import dev.tensorlane.activations.Activations;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;

/** Keras's {@code Activation(name)}: applies an activation function on its own, with no weights. */
public final class Activation extends Layer {

    private final ActivationFunction function;
    private MemorySegment input;
    private MemorySegment output;
    private MemorySegment inputGradient;

    public Activation(String activation) {
        this(Activations.get(activation), null);
    }

    public Activation(ActivationFunction function, String name) {
        super(name);
        this.function = function;
    }

    public ActivationFunction function() {
        return function;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.put("activation", function.kerasName());
        return config;
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
