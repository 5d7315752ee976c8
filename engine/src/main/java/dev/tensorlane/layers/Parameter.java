package dev.tensorlane.layers;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One weight of a layer: its Keras-style name ({@code dense_3/kernel}), shape, value and, when
 * trainable, the gradient that the layer's backward pass writes and the optimizer reads.
 * Both segments live in the model's arena.
 */
public final class Parameter {

    private final String name;
    private final int[] shape;
    private final MemorySegment value;
    private final MemorySegment gradient; // null for non-trainable weights (moving statistics)

    Parameter(String name, int[] shape, MemorySegment value, MemorySegment gradient) {
        this.name = name;
        this.shape = shape.clone();
        this.value = value;
        this.gradient = gradient;
    }

    /** Keras-style name, e.g. {@code batch_normalization_2/moving_mean}. */
    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** Number of scalars. */
    public long size() {
        return value.byteSize() / Float.BYTES;
    }

    /**
     * The weight's values. Write them between training calls; from a callback inside {@code fit},
     * replace weights through the model's {@code setWeights}, which also refreshes what the layers
     * derived from them for the next step (Dense's transposed kernel).
     */
    public MemorySegment value() {
        return value;
    }

    /** The gradient written by backward; null when not trainable. */
    public MemorySegment gradient() {
        return gradient;
    }

    public boolean trainable() {
        return gradient != null;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (trainable() ? "" : " (non-trainable)");
    }
}
