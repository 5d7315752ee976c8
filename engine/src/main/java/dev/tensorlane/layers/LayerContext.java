package dev.tensorlane.layers;

import dev.tensorlane.initializers.Initializer;
import dev.tensorlane.kernels.Kernels;
import dev.tensorlane.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What a model hands its layers when it builds them: the kernels, the model's seeded random
 * generator (initial weights, dropout masks), and the arena that owns every weight. Layers
 * create their weights through {@link #addWeight}, which also records them for the optimizer,
 * the summary and checkpoints in creation order.
 */
public final class LayerContext {

    private final Kernels kernels;
    private final RandomGenerator random;
    private final Arena weightArena;
    private final List<Parameter> parameters = new ArrayList<>();

    public LayerContext(Kernels kernels, RandomGenerator random, Arena weightArena) {
        this.kernels = kernels;
        this.random = random;
        this.weightArena = weightArena;
    }

    public Kernels kernels() {
        return kernels;
    }

    public RandomGenerator random() {
        return random;
    }

    /** Every weight created so far, in creation order. */
    public List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    /**
     * Creates a weight named {@code layer/weight}, filled by {@code initializer}, with a gradient
     * buffer when {@code trainable}.
     */
    public Parameter addWeight(Layer layer, String weightName, int[] shape, Initializer initializer,
                               int fanIn, int fanOut, boolean trainable) {
        long size = 1;
        for (int d : shape) {
            size = Math.multiplyExact(size, d);
        }
        MemorySegment value = weightArena.allocate(size * Float.BYTES, Tensor.ALIGNMENT);
        MemorySegment gradient = trainable ? weightArena.allocate(size * Float.BYTES, Tensor.ALIGNMENT) : null;
        initializer.fill(value, fanIn, fanOut, random);
        Parameter p = new Parameter(layer.name() + "/" + weightName, shape, value, gradient);
        parameters.add(p);
        return p;
    }
}
