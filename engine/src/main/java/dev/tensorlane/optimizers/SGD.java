package dev.tensorlane.optimizers;

import dev.tensorlane.kernels.Kernels;
import dev.tensorlane.layers.Parameter;
import dev.tensorlane.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras's SGD: {@code w −= lr·g} without momentum; with momentum {@code v = momentum·v − lr·g}
 * then {@code w += v}, or with Nesterov {@code w += momentum·v − lr·g}.
 */
public final class SGD implements Optimizer {

    private final float learningRate;
    private final float momentum;
    private final boolean nesterov;

    private final List<Parameter> parameters = new ArrayList<>();
    private final List<MemorySegment> velocities = new ArrayList<>();
    private long iterations;

    /** Keras's defaults: learning rate 0.01, no momentum. */
    public SGD() {
        this(0.01f, 0f, false);
    }

    public SGD(float learningRate) {
        this(learningRate, 0f, false);
    }

    public SGD(float learningRate, float momentum, boolean nesterov) {
        if (!(learningRate >= 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("SGD: learning rate must be a non-negative number, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("SGD: momentum must be in [0, 1], got " + momentum);
        }
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    public String kerasName() {
        return "sgd";
    }

    @Override
    public void build(List<Parameter> trainable, Arena arena) {
        for (Parameter p : trainable) {
            parameters.add(p);
            velocities.add(momentum == 0f ? null : arena.allocate(p.size() * Float.BYTES, Tensor.ALIGNMENT));
        }
    }

    @Override
    public void step(Kernels kernels) {
        iterations++;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            kernels.sgd(p.value(), p.gradient(), velocities.get(i), p.size(), learningRate, momentum, nesterov);
        }
    }

    @Override
    public long iterations() {
        return iterations;
    }
}
