package dev.tensorlane.initializers;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Keras's {@code RandomNormal(mean=0, stddev=0.05)} and, with {@code truncated},
 * {@code TruncatedNormal}: N(mean, stddev²) with draws more than two standard deviations from the
 * mean drawn again (so the result's standard deviation is about 0.88·stddev).
 */
public record RandomNormal(double mean, double stddev, boolean truncated) implements Initializer {

    public RandomNormal {
        if (!(stddev >= 0) || Double.isInfinite(stddev) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException((truncated ? "TruncatedNormal" : "RandomNormal")
                    + ": need a finite mean and stddev >= 0, got " + mean + ", " + stddev);
        }
    }

    @Override
    public void fill(MemorySegment target, int fanIn, int fanOut, RandomGenerator random) {
        long n = Initializer.floats(target);
        for (long i = 0; i < n; i++) {
            Initializer.put(target, i, mean + stddev * (truncated ? truncatedGaussian(random) : random.nextGaussian()));
        }
    }

    /** A standard normal draw conditioned on {@code |z| <= 2} (rejection: 95.4% are accepted). */
    static double truncatedGaussian(RandomGenerator random) {
        double z;
        do {
            z = random.nextGaussian();
        } while (Math.abs(z) > 2);
        return z;
    }

    @Override
    public String className() {
        return truncated ? "TruncatedNormal" : "RandomNormal";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("mean", mean);
        config.put("stddev", stddev);
        config.put("seed", null);
        return config;
    }
}
