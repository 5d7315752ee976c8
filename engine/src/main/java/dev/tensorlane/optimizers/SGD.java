package dev.tensorlane.optimizers;

import dev.tensorlane.kernels.Kernels;
import dev.tensorlane.layers.Parameter;
import dev.tensorlane.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    public void beginStep() {
        iterations++;
    }

    @Override
    public void update(Kernels kernels, int index) {
        Parameter p = parameters.get(index);
        kernels.sgd(p.value(), p.gradient(), velocities.get(index), p.size(), learningRate, momentum, nesterov);
    }

    @Override
    public int weightCount() {
        return parameters.size();
    }

    @Override
    public long iterations() {
        return iterations;
    }

    @Override
    public void setIterations(long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException("SGD: iterations must be >= 0, got " + iterations);
        }
        this.iterations = iterations;
    }

    @Override
    public String className() {
        return "SGD";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "SGD");
        config.put("learning_rate", learningRate);
        config.put("momentum", momentum);
        config.put("nesterov", nesterov);
        return config;
    }

    /** {@code weight/momentum} (the velocity) for every weight; none without momentum. */
    @Override
    public List<OptimizerSlot> slots() {
        List<OptimizerSlot> slots = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            if (velocities.get(i) != null) {
                Parameter p = parameters.get(i);
                slots.add(new OptimizerSlot(p.name() + "/momentum", p.shape(), velocities.get(i)));
            }
        }
        return slots;
    }
}
