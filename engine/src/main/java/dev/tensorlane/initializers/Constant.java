package dev.tensorlane.initializers;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Keras's {@code Zeros}, {@code Ones} and {@code Constant(value)}. */
public record Constant(String className, float value) implements Initializer {

    @Override
    public void fill(MemorySegment target, int fanIn, int fanOut, RandomGenerator random) {
        long n = Initializer.floats(target);
        for (long i = 0; i < n; i++) {
            Initializer.put(target, i, value);
        }
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        if (className.equals("Constant")) {
            config.put("value", value);
        }
        return config;
    }
}
