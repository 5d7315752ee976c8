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
 * Adam as Keras applies it: {@code m = β1·m + (1−β1)·g}, {@code v = β2·v + (1−β2)·g²},
 * {@code w −= lr_t · m / (sqrt(v) + ε)} with {@code lr_t = lr·sqrt(1−β2^t)/(1−β1^t)}
 * (ε added to sqrt(v), not to the bias-corrected v̂ as in the paper).
 */
public final class Adam implements Optimizer {

    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;

    private final List<Parameter> parameters = new ArrayList<>();
    private final List<MemorySegment> firstMoments = new ArrayList<>();
    private final List<MemorySegment> secondMoments = new ArrayList<>();
    private long iterations;
    private float stepLearningRate; // lr_t of the step begun last

    /** Keras's defaults: learning rate 1e-3, β1 0.9, β2 0.999, ε 1e-7. */
    public Adam() {
        this(1e-3f);
    }

    public Adam(float learningRate) {
        this(learningRate, 0.9f, 0.999f, 1e-7f);
    }

    public Adam(float learningRate, float beta1, float beta2, float epsilon) {
        requireIn("learning rate", learningRate, 0, Float.MAX_VALUE);
        requireIn("beta1", beta1, 0, 1);
        requireIn("beta2", beta2, 0, 1);
        requireIn("epsilon", epsilon, 0, Float.MAX_VALUE);
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    private static void requireIn(String what, float value, float low, float high) {
        if (!(value >= low && value <= high)) {
            throw new IllegalArgumentException("Adam: " + what + " must be in [" + low + ", " + high + "], got " + value);
        }
    }

    @Override
    public String kerasName() {
        return "adam";
    }

    public float learningRate() {
        return learningRate;
    }

    @Override
    public void build(List<Parameter> trainable, Arena arena) {
        for (Parameter p : trainable) {
            parameters.add(p);
            firstMoments.add(arena.allocate(p.size() * Float.BYTES, Tensor.ALIGNMENT));
            secondMoments.add(arena.allocate(p.size() * Float.BYTES, Tensor.ALIGNMENT));
        }
    }

    @Override
    public void beginStep() {
        iterations++;
        double t = iterations;
        stepLearningRate = (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
    }

    @Override
    public void update(Kernels kernels, int index) {
        Parameter p = parameters.get(index);
        kernels.adam(p.value(), p.gradient(), firstMoments.get(index), secondMoments.get(index), p.size(),
                stepLearningRate, beta1, beta2, epsilon);
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
            throw new IllegalArgumentException("Adam: iterations must be >= 0, got " + iterations);
        }
        this.iterations = iterations;
    }

    @Override
    public String className() {
        return "Adam";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "Adam");
        config.put("learning_rate", learningRate);
        config.put("beta_1", beta1);
        config.put("beta_2", beta2);
        config.put("epsilon", epsilon);
        config.put("amsgrad", false);
        return config;
    }

    /** {@code weight/m} (first moment) and {@code weight/v} (second moment) for every weight. */
    @Override
    public List<OptimizerSlot> slots() {
        List<OptimizerSlot> slots = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            slots.add(new OptimizerSlot(p.name() + "/m", p.shape(), firstMoments.get(i)));
            slots.add(new OptimizerSlot(p.name() + "/v", p.shape(), secondMoments.get(i)));
        }
        return slots;
    }
}
