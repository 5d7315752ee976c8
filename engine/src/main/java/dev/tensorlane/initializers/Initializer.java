package dev.tensorlane.initializers;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.random.RandomGenerator;

/** Fills a new weight with its starting values (Keras's {@code kernel_initializer} and friends). */
@FunctionalInterface
public interface Initializer {

    /**
     * Writes starting values into every float of {@code target}.
     *
     * @param fanIn  inputs feeding each unit (rows of a Dense kernel)
     * @param fanOut units fed (columns of a Dense kernel)
     */
    void fill(MemorySegment target, int fanIn, int fanOut, RandomGenerator random);

    /** Keras's {@code glorot_uniform}: U(−limit, limit) with {@code limit = sqrt(6 / (fanIn + fanOut))}. */
    static Initializer glorotUniform() {
        return (target, fanIn, fanOut, random) -> {
            double limit = Math.sqrt(6.0 / (fanIn + fanOut));
            long n = target.byteSize() / Float.BYTES;
            for (long i = 0; i < n; i++) {
                target.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) random.nextDouble(-limit, limit));
            }
        };
    }

    /** Every value equal to {@code value} (Keras's {@code constant}). */
    static Initializer constant(float value) {
        return (target, fanIn, fanOut, random) -> {
            long n = target.byteSize() / Float.BYTES;
            for (long i = 0; i < n; i++) {
                target.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, value);
            }
        };
    }

    /** Keras's {@code zeros}. */
    static Initializer zeros() {
        return constant(0f);
    }

    /** Keras's {@code ones}. */
    static Initializer ones() {
        return constant(1f);
    }
}
