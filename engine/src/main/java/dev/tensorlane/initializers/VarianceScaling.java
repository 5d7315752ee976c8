package dev.tensorlane.initializers;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Keras's {@code VarianceScaling(scale, mode, distribution)}, the family behind glorot_*, he_*
 * and lecun_*: {@code s = scale / max(1, fan)} with fan = fanIn, fanOut or their mean; then
 * <ul>
 *   <li>{@code truncated_normal}: N(0, σ²) cut at ±2σ with {@code σ = sqrt(s) / 0.87962566103423978}
 *       (the std of a standard normal truncated to [−2, 2], so the result's variance is s);</li>
 *   <li>{@code untruncated_normal}: N(0, s);</li>
 *   <li>{@code uniform}: U(−limit, limit), {@code limit = sqrt(3·s)}.</li>
 * </ul>
 * The named variants keep their Keras class name ({@code LecunNormal}) and config ({@code seed}).
 */
public final class VarianceScaling implements Initializer {

    /** Standard deviation of N(0, 1) truncated to [−2, 2], as Keras writes it. */
    public static final double TRUNCATION_CORRECTION = 0.87962566103423978;

    public enum Mode {
        FAN_IN, FAN_OUT, FAN_AVG;

        public String kerasName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Distribution {
        TRUNCATED_NORMAL, UNTRUNCATED_NORMAL, UNIFORM;

        public String kerasName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String className;
    private final double scale;
    private final Mode mode;
    private final Distribution distribution;

    public VarianceScaling(double scale, Mode mode, Distribution distribution) {
        this("VarianceScaling", scale, mode, distribution);
    }

    private VarianceScaling(String className, double scale, Mode mode, Distribution distribution) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("VarianceScaling: scale must be a positive number, got " + scale);
        }
        this.className = className;
        this.scale = scale;
        this.mode = mode;
        this.distribution = distribution;
    }

    static VarianceScaling named(String className, double scale, Mode mode, Distribution distribution) {
        return new VarianceScaling(className, scale, mode, distribution);
    }

    public double scale() {
        return scale;
    }

    public Mode mode() {
        return mode;
    }

    public Distribution distribution() {
        return distribution;
    }

    /** {@code scale / max(1, fan)}: the variance the weights get. */
    public double variance(int fanIn, int fanOut) {
        return scale / fan(fanIn, fanOut);
    }

    private double fan(int fanIn, int fanOut) {
        double fan = switch (mode) {
            case FAN_IN -> fanIn;
            case FAN_OUT -> fanOut;
            case FAN_AVG -> (fanIn + fanOut) / 2.0;
        };
        return Math.max(1.0, fan);
    }

    @Override
    public void fill(MemorySegment target, int fanIn, int fanOut, RandomGenerator random) {
        double s = variance(fanIn, fanOut);
        long n = Initializer.floats(target);
        switch (distribution) {
            case UNIFORM -> {
                // 3·scale/fan in one division: for glorot_uniform exactly sqrt(6 / (fanIn + fanOut))
                double limit = Math.sqrt(3 * scale / fan(fanIn, fanOut));
                for (long i = 0; i < n; i++) {
                    Initializer.put(target, i, random.nextDouble(-limit, limit));
                }
            }
            case TRUNCATED_NORMAL -> {
                double std = Math.sqrt(s) / TRUNCATION_CORRECTION;
                for (long i = 0; i < n; i++) {
                    Initializer.put(target, i, std * RandomNormal.truncatedGaussian(random));
                }
            }
            case UNTRUNCATED_NORMAL -> {
                double std = Math.sqrt(s);
                for (long i = 0; i < n; i++) {
                    Initializer.put(target, i, std * random.nextGaussian());
                }
            }
        }
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        if (className.equals("VarianceScaling")) {
            config.put("scale", scale);
            config.put("mode", mode.kerasName());
            config.put("distribution", distribution.kerasName());
        }
        config.put("seed", null);
        return config;
    }

    @Override
    public String toString() {
        return className + "(scale=" + scale + ", mode=" + mode.kerasName() + ", distribution=" + distribution.kerasName() + ")";
    }
}
