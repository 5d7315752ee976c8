package dev.tensorlane.layers;

import dev.tensorlane.activations.ReluFunction;

import java.util.Map;

/**
 * Keras's {@code ReLU(max_value=None, negative_slope=0, threshold=0)}:
 * {@code f(x) = x < threshold ? negativeSlope·(x − threshold) : min(x, maxValue)}.
 */
public final class ReLU extends ActivationLayer {

    /** The plain ReLU, {@code max(x, 0)}. */
    public ReLU() {
        this(Double.POSITIVE_INFINITY, 0, 0);
    }

    /**
     * @param maxValue      the cap, {@code Double.POSITIVE_INFINITY} for none; must be >= 0
     * @param negativeSlope slope below the threshold; must be >= 0
     * @param threshold     where the function switches from the slope to the identity
     */
    public ReLU(double maxValue, double negativeSlope, double threshold) {
        super(function(maxValue, negativeSlope, threshold), null);
    }

    private static ReluFunction function(double maxValue, double negativeSlope, double threshold) {
        try {
            return new ReluFunction((float) negativeSlope, (float) threshold, (float) maxValue);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ReLU: " + e.getMessage(), e);
        }
    }

    public float maxValue() {
        return ((ReluFunction) function()).maxValue();
    }

    public float negativeSlope() {
        return ((ReluFunction) function()).negativeSlope();
    }

    public float threshold() {
        return ((ReluFunction) function()).threshold();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        // Keras writes max_value None for "no cap"
        config.put("max_value", Float.isInfinite(maxValue()) ? null : (double) maxValue());
        config.put("negative_slope", (double) negativeSlope());
        config.put("threshold", (double) threshold());
        return config;
    }
}
