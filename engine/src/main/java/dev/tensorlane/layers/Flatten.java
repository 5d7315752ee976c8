package dev.tensorlane.layers;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Map;

/**
 * Flattens each sample to one dimension. Row-major data is already flat in memory, so forward
 * and backward pass their segment through unchanged. As the first layer it declares the model's
 * input shape: {@code new Flatten(28, 28)} is Keras's {@code Flatten(input_shape=[28, 28])}.
 */
public final class Flatten extends Layer {

    /** A Flatten that takes its input shape from the previous layer. */
    public Flatten() {
        super(null);
    }

    /** A first layer taking samples of shape {@code inputShape}. */
    public Flatten(int... inputShape) {
        super(null);
        if (inputShape.length == 0 || Arrays.stream(inputShape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("Flatten: input shape must have positive dimensions, got "
                    + Arrays.toString(inputShape));
        }
        declareInputShape(inputShape);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.put("data_format", "channels_last");
        return config;
    }

    @Override
    protected int[] computeOutputShape(int[] inputShape) {
        return new int[]{product(inputShape)};
    }

    @Override
    public void allocateWorkspace(Arena arena, int maxRows) {
        // no buffers: the output is the input
    }

    @Override
    public MemorySegment forward(MemorySegment x, int rows, boolean training) {
        return x;
    }

    @Override
    public MemorySegment backward(MemorySegment dy, int rows, boolean needInputGradient) {
        return needInputGradient ? dy : null;
    }
}
