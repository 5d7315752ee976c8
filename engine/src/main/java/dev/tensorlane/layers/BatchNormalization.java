package dev.tensorlane.layers;

import dev.tensorlane.initializers.Initializer;
import dev.tensorlane.initializers.Initializers;

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
 * moving statistics are not (4 parameters per feature, 2 trainable). With {@code center} false
 * there is no β (taken as 0), with {@code scale} false no γ (taken as 1), as in Keras; the weights
 * that exist keep Keras's order: gamma, beta, moving_mean, moving_variance.
 */
public final class BatchNormalization extends Layer {

    private final float momentum;
    private final float epsilon;
    private final boolean center;
    private final boolean scale;
    private final Initializer betaInitializer;
    private final Initializer gammaInitializer;
    private final Initializer movingMeanInitializer;
    private final Initializer movingVarianceInitializer;

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
    private MemorySegment fixedGamma;     // ones, when scale is false
    private MemorySegment fixedBeta;      // zeros, when center is false
    private MemorySegment unusedGradient; // where backward's dgamma/dbeta go when that weight does not exist

    /** Keras's defaults: momentum 0.99, epsilon 1e-3. */
    public BatchNormalization() {
        this(0.99f, 1e-3f, null);
    }

    public BatchNormalization(float momentum, float epsilon, String name) {
        this(momentum, epsilon, true, true, Initializer.zeros(), Initializer.ones(), Initializer.zeros(), Initializer.ones(), name);
    }

    /** Keras's defaults but for {@code center} (β) and {@code scale} (γ). */
    public BatchNormalization(boolean center, boolean scale) {
        this(0.99f, 1e-3f, center, scale, Initializer.zeros(), Initializer.ones(), Initializer.zeros(), Initializer.ones(), null);
    }

    /**
     * Every Keras option of a feature-axis BatchNormalization: momentum, epsilon, center, scale and
     * the beta, gamma, moving_mean and moving_variance initializers.
     */
    public BatchNormalization(float momentum, float epsilon, boolean center, boolean scale,
                              Initializer betaInitializer, Initializer gammaInitializer,
                              Initializer movingMeanInitializer, Initializer movingVarianceInitializer, String name) {
        super(name);
        if (betaInitializer == null || gammaInitializer == null || movingMeanInitializer == null || movingVarianceInitializer == null) {
            throw new IllegalArgumentException("BatchNormalization: initializers must not be null");
        }
        this.center = center;
        this.scale = scale;
        this.betaInitializer = betaInitializer;
        this.gammaInitializer = gammaInitializer;
        this.movingMeanInitializer = movingMeanInitializer;
        this.movingVarianceInitializer = movingVarianceInitializer;
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

    public boolean center() {
        return center;
    }

    public boolean scale() {
        return scale;
    }

    /** γ, or null when {@code scale} is false. */
    public Parameter gamma() {
        return gamma;
    }

    /** β, or null when {@code center} is false. */
    public Parameter beta() {
        return beta;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.put("axis", -1);
        config.put("momentum", momentum);
        config.put("epsilon", epsilon);
        config.put("center", center);
        config.put("scale", scale);
        config.put("beta_initializer", Initializers.toConfig(betaInitializer));
        config.put("gamma_initializer", Initializers.toConfig(gammaInitializer));
        config.put("moving_mean_initializer", Initializers.toConfig(movingMeanInitializer));
        config.put("moving_variance_initializer", Initializers.toConfig(movingVarianceInitializer));
        return config;
    }

    @Override
    protected int[] computeOutputShape(int[] inputShape) {
        requireFlatInput(inputShape);
        return inputShape;
    }

    @Override
    public long trainableParamCount() {
        return ((scale ? 1L : 0L) + (center ? 1L : 0L)) * inputSize();
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
        gamma = scale ? track(context.addWeight(this, "gamma", shape, gammaInitializer, n, n, true)) : null;
        beta = center ? track(context.addWeight(this, "beta", shape, betaInitializer, n, n, true)) : null;
        movingMean = track(context.addWeight(this, "moving_mean", shape, movingMeanInitializer, n, n, false));
        movingVariance = track(context.addWeight(this, "moving_variance", shape, movingVarianceInitializer, n, n, false));
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
        if (!scale) {
            fixedGamma = buffer(arena, inputSize());
            Initializer.ones().fill(fixedGamma, 1, 1, null);
        }
        if (!center) {
            fixedBeta = buffer(arena, inputSize());
            fixedBeta.fill((byte) 0);
        }
        if (!scale || !center) {
            unusedGradient = buffer(arena, inputSize());
        }
    }

    private MemorySegment gammaValue() {
        return scale ? gamma.value() : fixedGamma;
    }

    private MemorySegment betaValue() {
        return center ? beta.value() : fixedBeta;
    }

    @Override
    public MemorySegment forward(MemorySegment x, int rows, boolean training) {
        int features = inputSize();
        if (!training) {
            kernels.batchNormInference(x, output, rows, features, gammaValue(), betaValue(),
                    movingMean.value(), movingVariance.value(), epsilon);
            return output;
        }
        kernels.batchNormTraining(x, output, normalized, rows, features, gammaValue(), betaValue(), epsilon,
                batchMean, batchVariance, inverseStd);
        kernels.movingAverage(movingMean.value(), batchMean, features, momentum);
        kernels.movingAverage(movingVariance.value(), batchVariance, features, momentum);
        return output;
    }

    @Override
    public MemorySegment backward(MemorySegment dy, int rows, boolean needInputGradient) {
        // γ and β always get gradients; dx comes out of the same pass, so it is always computed.
        kernels.batchNormBackward(dy, normalized, inverseStd, gammaValue(), inputGradient,
                scale ? gamma.gradient() : unusedGradient, center ? beta.gradient() : unusedGradient, rows, inputSize());
        return needInputGradient ? inputGradient : null;
    }
}
