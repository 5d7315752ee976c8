package dev.tensorlane.losses;

import dev.tensorlane.kernels.Kernels;
import dev.tensorlane.kernels.ScalarKernels;
import dev.tensorlane.kernels.KernelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * mean_squared_error, mean_absolute_error, binary_crossentropy and categorical_crossentropy:
 * values and gradients against hand-computed numbers, and finite-difference gradient checks, on the
 * scalar kernels and on the kernels this JVM picks (SIMD).
 */
class FloatTargetLossesTest {

    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels PICKED = KernelProvider.get();

    // two samples, two outputs
    private static final float[] P = {0.2f, 0.8f, 0.6f, 0.4f};
    private static final float[] T = {0f, 1f, 1f, 0f};

    @Test
    void handComputedValues() {
        for (Kernels k : new Kernels[]{SCALAR, PICKED}) {
            // MSE: row 0 mean(0.04, 0.04) = 0.04; row 1 mean(0.16, 0.16) = 0.16; sum 0.2
            assertEquals(0.2, sum(k, new MeanSquaredError(), P, T, 2, 2), 1e-6);
            // MAE: 0.2 + 0.4
            assertEquals(0.6, sum(k, new MeanAbsoluteError(), P, T, 2, 2), 1e-6);
            // BCE: row 0 −ln 0.8 (twice, mean 1 term) + row 1 −ln 0.6
            assertEquals(-Math.log(0.8) - Math.log(0.6), sum(k, new BinaryCrossentropy(), P, T, 2, 2), 1e-6);
            // CCE: −ln 0.8 − ln 0.6 (rows already sum to 1)
            assertEquals(-Math.log(0.8) - Math.log(0.6), sum(k, new CategoricalCrossentropy(), P, T, 2, 2), 1e-6);
            // CCE normalises rows: p = (1, 3) is (0.25, 0.75)
            assertEquals(-Math.log(0.75), sum(k, new CategoricalCrossentropy(), new float[]{1, 3}, new float[]{0, 1}, 1, 2), 1e-6);
        }
    }

    @Test
    void handComputedGradients() {
        for (Kernels k : new Kernels[]{SCALAR, PICKED}) {
            // MSE: 2(p − t)/(rows·cols) = (p − t)/2
            assertArray(new float[]{0.1f, -0.1f, -0.2f, 0.2f}, gradient(k, new MeanSquaredError(), P, T, 2, 2));
            // MAE: sign(p − t)/4
            assertArray(new float[]{0.25f, -0.25f, -0.25f, 0.25f}, gradient(k, new MeanAbsoluteError(), P, T, 2, 2));
            // BCE: ((1 − t)/(1 − p) − t/p)/4
            assertArray(new float[]{1 / 0.8f / 4, -1 / 0.8f / 4, -1 / 0.6f / 4, 1 / 0.6f / 4},
                    gradient(k, new BinaryCrossentropy(), P, T, 2, 2));
            // CCE after softmax, fused: (p − t)/rows
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment g = arena.allocate(16);
                assertTrue(new CategoricalCrossentropy().gradientThroughSoftmax(k, segment(arena, P), segment(arena, T), g, 2, 2));
                assertArray(new float[]{0.1f, -0.1f, -0.2f, 0.2f}, g.toArray(ValueLayout.JAVA_FLOAT));
            }
        }
    }

    @Test
    void clippedProbabilitiesHaveNoGradient() {
        float[] p = {0f, 1f};
        float[] t = {1f, 1f};
        float[] g = gradient(SCALAR, new BinaryCrossentropy(), p, t, 1, 2);
        assertArray(new float[]{0, 0}, g);
        assertEquals(-Math.log(1e-7) / 2, sum(SCALAR, new BinaryCrossentropy(), p, t, 1, 2), 1e-3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mean_squared_error", "mse", "mean_absolute_error", "mae", "binary_crossentropy",
            "categorical_crossentropy"})
    void gradientsMatchFiniteDifferences(String name) {
        Loss loss = Losses.get(name);
        int rows = 3;
        int cols = 5;
        SplittableRandom random = new SplittableRandom(name.hashCode());
        float[] p = new float[rows * cols];
        float[] t = new float[rows * cols];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) random.nextDouble(0.05, 0.95);
            t[i] = name.startsWith("categorical") ? (i % cols == i / cols ? 1f : 0f) : (float) random.nextDouble(0, 1);
        }
        for (Kernels k : new Kernels[]{SCALAR, PICKED}) {
            float[] analytic = gradient(k, loss, p, t, rows, cols);
            for (int i = 0; i < p.length; i++) {
                float h = 1e-3f;
                float[] plus = p.clone();
                float[] minus = p.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (sum(SCALAR, loss, plus, t, rows, cols) - sum(SCALAR, loss, minus, t, rows, cols)) / rows / (2 * h);
                assertEquals(numeric, analytic[i], 2e-3 * (1 + Math.abs(numeric)), name + " element " + i + " on " + k.description());
            }
        }
    }

    @Test
    void sparseLossRefusesFloatTargetsAndBack() {
        assertTrue(Losses.get("sparse_categorical_crossentropy").sparseLabels());
        assertTrue(!Losses.get("mse").sparseLabels());
        assertEquals("mean_squared_error", Losses.get("mse").kerasName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.get("hinge"));
        assertTrue(e.getMessage().contains("'hinge'") && e.getMessage().contains("binary_crossentropy"), e.getMessage());
    }

    private static double sum(Kernels k, Loss loss, float[] p, float[] t, int rows, int cols) {
        try (Arena arena = Arena.ofConfined()) {
            return loss.sum(k, segment(arena, p), segment(arena, t), rows, cols);
        }
    }

    private static float[] gradient(Kernels k, Loss loss, float[] p, float[] t, int rows, int cols) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment g = arena.allocate((long) p.length * Float.BYTES, 64);
            loss.gradient(k, segment(arena, p), segment(arena, t), g, rows, cols);
            return g.toArray(ValueLayout.JAVA_FLOAT);
        }
    }

    private static MemorySegment segment(Arena arena, float[] values) {
        MemorySegment s = arena.allocate((long) values.length * Float.BYTES, 64);
        MemorySegment.copy(MemorySegment.ofArray(values), 0, s, 0, s.byteSize());
        return s;
    }

    private static void assertArray(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6 * (1 + Math.abs(expected[i])), "element " + i);
        }
    }
}
