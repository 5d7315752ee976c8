package dev.tensorlane.initializers;

import dev.tensorlane.io.JsonException;
import dev.tensorlane.io.JsonReader;
import dev.tensorlane.io.JsonWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Keras initializer's sample mean, variance and range over a large tensor against its
 * formula, and the config round trip.
 */
class InitializersTest {

    private static final int FAN_IN = 300;
    private static final int FAN_OUT = 100;
    private static final int N = FAN_IN * FAN_OUT * 10; // 300k draws: the sample variance is within ~0.5% (σ)

    /** name, expected mean, expected variance, bound on |x − mean| (0: none), truncated-at-2σ std (0: not truncated). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "random_uniform,   0, 8.333333e-4, 0.05, 0",
            "random_normal,    0, 2.5e-3,      0,    0",
            "truncated_normal, 0, 1.934353e-3, 0.1,  0.05",
            // VarianceScaling: s = scale / fan; fan_avg = 200, fan_in = 300
            "glorot_uniform,   0, 5e-3,        0.12247449, 0",
            "glorot_normal,    0, 5e-3,        0,    0.08038724",
            "he_uniform,       0, 6.666667e-3, 0.14142136, 0",
            "he_normal,        0, 6.666667e-3, 0,    0.09282319",
            "lecun_uniform,    0, 3.333333e-3, 0.1,  0",
            "lecun_normal,     0, 3.333333e-3, 0,    0.06563591",
    })
    void sampleMomentsMatchTheFormula(String name, double mean, double variance, double bound, double truncatedStd) {
        float[] values = draw(Initializers.get(name));
        double m = 0;
        for (float v : values) {
            m += v;
        }
        m /= values.length;
        double var = 0;
        double maxAbs = 0;
        for (float v : values) {
            var += (v - m) * (v - m);
            maxAbs = Math.max(maxAbs, Math.abs(v - mean));
        }
        var /= values.length;
        assertEquals(mean, m, 4 * Math.sqrt(variance / values.length) + 1e-9, name + " mean");
        assertEquals(variance, var, 0.02 * variance, name + " variance");
        if (bound > 0) {
            assertTrue(maxAbs <= bound * (1 + 1e-6), name + ": |x| reached " + maxAbs + " > " + bound);
        }
        if (truncatedStd > 0) {
            // the untruncated std is the formula's sqrt(s) / 0.8796...; nothing beyond two of it
            assertTrue(maxAbs <= 2 * truncatedStd * (1 + 1e-6), name + ": " + maxAbs + " beyond 2σ = " + 2 * truncatedStd);
            assertTrue(maxAbs > 1.95 * truncatedStd, name + ": truncation too tight, max " + maxAbs);
        }
    }

    @Test
    void lecunNormalStdIsTheKerasFormula() {
        VarianceScaling lecun = (VarianceScaling) Initializer.lecunNormal();
        assertEquals(1.0 / 300, lecun.variance(300, 100), 1e-15);
        assertEquals(0.87962566103423978, VarianceScaling.TRUNCATION_CORRECTION);
    }

    @Test
    void constantsFillExactly() {
        for (float v : draw(Initializer.constant(0.25f))) {
            assertEquals(0.25f, v);
        }
        for (float v : draw(Initializers.get("ones"))) {
            assertEquals(1f, v);
        }
        for (float v : draw(Initializers.get("Zeros"))) {
            assertEquals(0f, v);
        }
    }

    @Test
    void glorotUniformDrawsAsTheSeedEngineDid() {
        // the seed's glorot_uniform: U(−limit, limit) via nextDouble, limit = sqrt(6 / (fanIn + fanOut))
        float[] values = draw(Initializer.glorotUniform());
        SplittableRandom random = new SplittableRandom(7);
        double limit = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
        for (int i = 0; i < 1000; i++) {
            assertEquals((float) random.nextDouble(-limit, limit), values[i]);
        }
    }

    @Test
    void configsRoundTripInKerasShape() {
        for (String name : Initializers.NAMES) {
            Initializer initializer = Initializers.get(name);
            String json = JsonWriter.write(Initializers.toConfig(initializer));
            Initializer back = Initializers.fromConfig(JsonReader.parse(json.getBytes(StandardCharsets.UTF_8), "t"), "t");
            assertEquals(initializer.className(), back.className(), json);
            assertEquals(JsonWriter.write(initializer.getConfig()), JsonWriter.write(back.getConfig()), json);
        }
        assertEquals("{\"class_name\": \"LecunNormal\", \"config\": {\"seed\": null}}",
                JsonWriter.write(Initializers.toConfig(Initializer.lecunNormal())));
    }

    @Test
    void kerasThreeObjectsAndVarianceScalingConfigs() {
        String json = """
                {"module": "keras.initializers", "class_name": "VarianceScaling",
                 "config": {"scale": 2.0, "mode": "fan_out", "distribution": "uniform", "seed": 3},
                 "registered_name": null}""";
        VarianceScaling vs = (VarianceScaling) Initializers.fromConfig(JsonReader.parse(json.getBytes(StandardCharsets.UTF_8), "t"), "t");
        assertEquals(2.0, vs.scale());
        assertEquals(VarianceScaling.Mode.FAN_OUT, vs.mode());
        assertEquals(VarianceScaling.Distribution.UNIFORM, vs.distribution());
        JsonException e = assertThrows(JsonException.class, () -> Initializers.fromConfig(
                JsonReader.parse("{\"class_name\": \"Orthogonal\", \"config\": {}}".getBytes(StandardCharsets.UTF_8), "f.json"), "f.json: x"));
        assertTrue(e.getMessage().contains("Orthogonal") && e.getMessage().contains("f.json: x"), e.getMessage());
    }

    @Test
    void unknownNameIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializers.get("xavier"));
        assertTrue(e.getMessage().contains("'xavier'") && e.getMessage().contains("lecun_normal"), e.getMessage());
    }

    private static float[] draw(Initializer initializer) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment target = arena.allocate((long) N * Float.BYTES, 64);
            initializer.fill(target, FAN_IN, FAN_OUT, new SplittableRandom(7));
            return target.toArray(ValueLayout.JAVA_FLOAT);
        }
    }
}
