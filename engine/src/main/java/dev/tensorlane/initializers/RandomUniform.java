package dev.tensorlane.initializers;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Keras's {@code RandomUniform(minval=-0.05, maxval=0.05)}: U(minval, maxval). */
public record RandomUniform(double minval, double maxval) implements Initializer {

    public RandomUniform {
        if (!(minval < maxval) || Double.isInfinite(minval) || Double.isInfinite(maxval)) {
            throw new IllegalArgumentException("RandomUniform: need finite minval < maxval, got " + minval + ", " + maxval);
        }
    }

    @Override
    public void fill(MemorySegment target, int fanIn, int fanOut, RandomGenerator random) {
        long n = Initializer.floats(target);
        for (long i = 0; i < n; i++) {
            Initializer.put(target, i, random.nextDouble(minval, maxval));
        }
    }

    @Override
    public String className() {
        return "RandomUniform";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("minval", minval);
        config.put("maxval", maxval);
        config.put("seed", null);
        return config;
    }
}
