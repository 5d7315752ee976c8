package dev.tensorlane.initializers;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Fills a new weight with its starting values (Keras's {@code kernel_initializer} and friends),
 * drawing from the model's seeded generator. The named ones ({@link Initializers#get}) carry
 * Keras's class name and config so that layers write them into {@code to_json()} as
 * {@code {"class_name": "GlorotUniform", "config": {"seed": null}}}.
 */
@FunctionalInterface
public interface Initializer {

    /**
     * Writes starting values into every float of {@code target}.
     *
     * @param fanIn  inputs feeding each unit (rows of a Dense kernel; the length of a vector weight)
     * @param fanOut units fed (columns of a Dense kernel; the length of a vector weight)
     */
    void fill(MemorySegment target, int fanIn, int fanOut, RandomGenerator random);

    /** Keras's class name ({@code GlorotUniform}); a lambda initializer has none and cannot be saved. */
    default String className() {
        return null;
    }

    /** Keras's {@code get_config()} of this initializer. */
    default Map<String, Object> getConfig() {
        return new LinkedHashMap<>();
    }

    /** Keras's {@code glorot_uniform}: U(−limit, limit) with {@code limit = sqrt(6 / (fanIn + fanOut))}. */
    static Initializer glorotUniform() {
        return VarianceScaling.named("GlorotUniform", 1, VarianceScaling.Mode.FAN_AVG, VarianceScaling.Distribution.UNIFORM);
    }

    /** Keras's {@code glorot_normal}: truncated normal, std {@code sqrt(2 / (fanIn + fanOut)) / 0.8796}. */
    static Initializer glorotNormal() {
        return VarianceScaling.named("GlorotNormal", 1, VarianceScaling.Mode.FAN_AVG, VarianceScaling.Distribution.TRUNCATED_NORMAL);
    }

    /** Keras's {@code he_uniform}: U(−limit, limit), {@code limit = sqrt(6 / fanIn)}. */
    static Initializer heUniform() {
        return VarianceScaling.named("HeUniform", 2, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.UNIFORM);
    }

    /** Keras's {@code he_normal}: truncated normal, std {@code sqrt(2 / fanIn) / 0.8796}. */
    static Initializer heNormal() {
        return VarianceScaling.named("HeNormal", 2, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.TRUNCATED_NORMAL);
    }

    /** Keras's {@code lecun_uniform}: U(−limit, limit), {@code limit = sqrt(3 / fanIn)}. */
    static Initializer lecunUniform() {
        return VarianceScaling.named("LecunUniform", 1, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.UNIFORM);
    }

    /** Keras's {@code lecun_normal} (SELU's): truncated normal, std {@code sqrt(1 / fanIn) / 0.8796}. */
    static Initializer lecunNormal() {
        return VarianceScaling.named("LecunNormal", 1, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.TRUNCATED_NORMAL);
    }

    /** Keras's {@code random_uniform}: U(−0.05, 0.05). */
    static Initializer randomUniform() {
        return new RandomUniform(-0.05, 0.05);
    }

    /** Keras's {@code random_normal}: N(0, 0.05²). */
    static Initializer randomNormal() {
        return new RandomNormal(0, 0.05, false);
    }

    /** Keras's {@code truncated_normal}: N(0, 0.05²) redrawn outside two standard deviations. */
    static Initializer truncatedNormal() {
        return new RandomNormal(0, 0.05, true);
    }

    /** Every value equal to {@code value} (Keras's {@code constant}). */
    static Initializer constant(float value) {
        return new Constant("Constant", value);
    }

    /** Keras's {@code zeros}. */
    static Initializer zeros() {
        return new Constant("Zeros", 0f);
    }

    /** Keras's {@code ones}. */
    static Initializer ones() {
        return new Constant("Ones", 1f);
    }

    /** Number of floats in {@code target}. */
    static long floats(MemorySegment target) {
        return target.byteSize() / Float.BYTES;
    }

    /** Writes {@code value} at float index {@code i}. */
    static void put(MemorySegment target, long i, double value) {
        target.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) value);
    }
}
