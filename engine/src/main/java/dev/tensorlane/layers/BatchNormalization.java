package dev.tensorlane.layers;

import dev.tensorlane.initializers.Initializer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * Keras's {@code BatchNormalization} over the features of a flat input.
 *
 * <p>Training: {@code xhat = (x − μ_B) / sqrt(σ²_B + ε)} with the batch mean and biased batch
 * variance, {@code y = γ·xhat + β}, and the moving statistics updated as
 * {@code moving = moving·momentum + batch·(1 − momentum)}. Inference:
 * {@code y = γ·(x − moving_mean)/sqrt(moving_variance + ε) + β}. γ and β are trainable; the
 * moving statistics are not (4 parameters per feature, 2 trainable).
 */
public final class BatchNormalization extends Layer {

    private final float momentum;
    private final float epsilon;

    private Parameter gamma;
    private Parameter beta;
    private Parameter movingMean;
    private Parameter movingVariance;

    private MemorySegment output;
    private MemorySegment normalized;  // xhat, kept for backward
    private MemorySegment batchMean;
    private MemorySegment batchVariance;
    private MemorySegment inverseStd;  // 1/sqrt(σ²_B + ε), kept for backward
    private MemorySegment inputGradient;

    /** Keras's defaults: momentum 0.99, epsilon 1e-3. */
    public BatchNormalization() {
        this(0.99f, 1e-3f, null);
    }

    public BatchNormalization(float momentum, float epsilon, String name) {
        super(name);
        if (!(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("BatchNormalization: momentum must be in [0, 1], got " + momentum);
        }
        if (!(epsilon > 0f) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException("BatchNormalization: epsilon must be a positive number, got " + epsilon);
        }
        this.momentum = momentum;
        this.epsilon = epsilon;
    }

    public float momentum() {
        return momentum;
    }

    public float epsilon() {
        return epsilon;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.put("axis", -1);
        config.put("momentum", momentum);
        config.put("epsilon", epsilon);
        config.put("center", true);
        config.put("scale", true);
        return config;
    }

    @Override
    protected int[] computeOutputShape(int[] inputShape) {
        requireFlatInput(inputShape);
        return inputShape;
    }

    @Override
    public long trainableParamCount() {
        return 2L * inputSize();
    }

    @Override
    public long nonTrainableParamCount() {
        return 2L * inputSize();
    }

    @Override
    public void build(LayerContext context) {
        super.build(context);
        int[] shape = {inputSize()};
        int n = inputSize();
        gamma = track(context.addWeight(this, "gamma", shape, Initializer.ones(), n, n, true));
        beta = track(context.addWeight(this, "beta", shape, Initializer.zeros(), n, n, true));
        movingMean = track(context.addWeight(this, "moving_mean", shape, Initializer.zeros(), n, n, false));
        movingVariance = track(context.addWeight(this, "moving_variance", shape, Initializer.ones(), n, n, false));
    }

    @Override
    public void allocateWorkspace(Arena arena, int maxRows) {
        long floats = (long) maxRows * inputSize();
        output = buffer(arena, floats);
        normalized = buffer(arena, floats);
        inputGradient = buffer(arena, floats);
        batchMean = buffer(arena, inputSize());
        batchVariance = buffer(arena, inputSize());
        inverseStd = buffer(arena, inputSize());
    }

    @Override
    public MemorySegment forward(MemorySegment x, int rows, boolean training) {
        int features = inputSize();
        if (!training) {
            kernels.batchNormInference(x, output, rows, features, gamma.value(), beta.value(),
                    movingMean.value(), movingVariance.value(), epsilon);
            return output;
        }
        kernels.batchNormTraining(x, output, normalized, rows, features, gamma.value(), beta.value(), epsilon,
                batchMean, batchVariance, inverseStd);
        kernels.movingAverage(movingMean.value(), batchMean, features, momentum);
        kernels.movingAverage(movingVariance.value(), batchVariance, features, momentum);
        return output;
    }

    @Override
    public MemorySegment backward(MemorySegment dy, int rows, boolean needInputGradient) {
        // γ and β always get gradients; dx comes out of the same pass, so it is always computed.
        kernels.batchNormBackward(dy, normalized, inverseStd, gamma.value(), inputGradient,
                gamma.gradient(), beta.gradient(), rows, inputSize());
        return needInputGradient ? inputGradient : null;
    }
}
