package dev.tensorlane.layers;

import dev.tensorlane.activations.EluFunction;

import java.util.Map;

/** Keras's {@code ELU(alpha=1.0)}: {@code f(x) = x > 0 ? x : alpha·(exp(x) − 1)}. */
public final class ELU extends ActivationLayer {

    public ELU() {
        this(1.0);
    }

    /** @throws IllegalArgumentException when alpha is negative or not finite */
    public ELU(double alpha) {
        super(function(alpha), null);
    }

    private static EluFunction function(double alpha) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("ELU: alpha must be a finite number >= 0, got " + alpha);
        }
        return new EluFunction((float) alpha);
    }

    public float alpha() {
        return ((EluFunction) function()).alpha();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.put("alpha", (double) alpha());
        return config;
    }
}
