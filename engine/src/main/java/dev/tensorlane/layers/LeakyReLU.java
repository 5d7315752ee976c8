package dev.tensorlane.layers;

import dev.tensorlane.activations.ReluFunction;

import java.util.Map;

/** Keras's {@code LeakyReLU(alpha=0.3)}: {@code f(x) = x > 0 ? x : alpha·x}. */
public final class LeakyReLU extends ActivationLayer {

    /** Keras's layer default. */
    public static final float DEFAULT_ALPHA = 0.3f;

    public LeakyReLU() {
        this(DEFAULT_ALPHA);
    }

    /** @throws IllegalArgumentException when alpha is negative or not finite */
    public LeakyReLU(double alpha) {
        super(function(alpha), null);
    }

    private static ReluFunction function(double alpha) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("LeakyReLU: alpha must be a finite number >= 0, got " + alpha);
        }
        return ReluFunction.leaky((float) alpha);
    }

    public float alpha() {
        return ((ReluFunction) function()).negativeSlope();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.put("alpha", (double) alpha());
        return config;
    }
}
