package dev.tensorlane.kernels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The kernels' software flush-to-zero: where training routinely drives values toward the
 * denormal range (saturated SELU units, confident softmax outputs, decaying optimizer state),
 * both implementations produce exact zeros instead of denormals.
 */
class FlushToZeroTest {

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    static List<Kernels> implementations() {
        return List.of(KernelProvider.scalar(), KernelProvider.get());
    }

    private static boolean denormal(float v) {
        return v != 0 && Math.abs(v) < Float.MIN_NORMAL;
    }

    private static MemorySegment filled(Arena arena, int n, float value) {
        MemorySegment s = arena.allocate((long) n * Float.BYTES, 64);
        for (int i = 0; i < n; i++) {
            s.setAtIndex(F, i, value);
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void seluGradientOfSaturatedUnitsIsZeroNotDenormal(Kernels k) {
        try (Arena arena = Arena.ofConfined()) {
            int n = 61;
            MemorySegment x = arena.allocate(n * 4L, 64);
            for (int i = 0; i < n; i++) {
                x.setAtIndex(F, i, -120f + i); // −120 … −60
            }
            MemorySegment y = arena.allocate(n * 4L, 64);
            k.elu(x, y, n, 1.6732632f, 1.0507010f);
            MemorySegment dy = filled(arena, n, 1e-3f);
            MemorySegment dx = arena.allocate(n * 4L, 64);
            k.eluBackward(y, dy, dx, n, 1.6732632f, 1.0507010f); // from the output, as TensorFlow
            for (int i = 0; i < n; i++) {
                float xi = x.getAtIndex(F, i);
                float g = dx.getAtIndex(F, i);
                assertFalse(denormal(g), "x=" + xi);
                // exp(x) is below half an ulp of 1 here, so y = −scale·alpha and y + scale·alpha = 0
                assertEquals(0f, g, "x=" + xi);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void softmaxOfFarApartLogitsGivesExactZeros(Kernels k) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocate(3 * 4L, 64);
            x.setAtIndex(F, 0, 0f);
            x.setAtIndex(F, 1, -100f);
            x.setAtIndex(F, 2, -60f);
            MemorySegment y = arena.allocate(3 * 4L, 64);
            k.softmax(x, y, 1, 3);
            assertEquals(0f, y.getAtIndex(F, 1));
            assertEquals((float) (Math.exp(-60) / (1 + Math.exp(-60))), y.getAtIndex(F, 2), 1e-30f);
            assertEquals(1f, y.getAtIndex(F, 0), 1e-7f);
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void sigmoidOfLargeInputsIsOne(Kernels k) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = filled(arena, 5, 100f);
            MemorySegment y = arena.allocate(5 * 4L, 64);
            k.sigmoid(x, y, 5);
            assertEquals(1f, y.getAtIndex(F, 4));
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void adamMomentsDecayToZeroWithoutPassingThroughDenormals(Kernels k) {
        try (Arena arena = Arena.ofConfined()) {
            int n = 37;
            MemorySegment w = filled(arena, n, 0.5f);
            MemorySegment g = filled(arena, n, 1e-3f);
            MemorySegment m = filled(arena, n, 0f);
            MemorySegment v = filled(arena, n, 0f);
            k.adam(w, g, m, v, n, 1e-3f, 0.9f, 0.999f, 1e-7f);
            g.fill((byte) 0);
            g.setAtIndex(F, 3, 1e-20f); // below the gradient flush: must act as 0
            for (int step = 0; step < 1200; step++) {
                k.adam(w, g, m, v, n, 1e-3f, 0.9f, 0.999f, 1e-7f);
                for (int i = 0; i < n; i++) {
                    assertFalse(denormal(m.getAtIndex(F, i)), "m at step " + step);
                    assertFalse(denormal(v.getAtIndex(F, i)), "v at step " + step);
                }
            }
            assertEquals(0f, m.getAtIndex(F, 3), "0.9^1200 · 1e-4 is far below the state flush");
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void sgdVelocityDecaysToZero(Kernels k) {
        try (Arena arena = Arena.ofConfined()) {
            int n = 19;
            MemorySegment w = filled(arena, n, 0.5f);
            MemorySegment g = filled(arena, n, 1f);
            MemorySegment velocity = filled(arena, n, 0f);
            k.sgd(w, g, velocity, n, 0.01f, 0.5f, false);
            g.fill((byte) 0);
            for (int step = 0; step < 200; step++) {
                k.sgd(w, g, velocity, n, 0.01f, 0.5f, true);
                for (int i = 0; i < n; i++) {
                    assertFalse(denormal(velocity.getAtIndex(F, i)), "velocity at step " + step);
                }
            }
            assertEquals(0f, velocity.getAtIndex(F, n - 1));
        }
    }

    /** softplus, swish, gelu, exponential and their gradients, from −200 to 0: zeros or normal floats only. */
    @ParameterizedTest
    @MethodSource("implementations")
    void expBasedActivationsNeverProduceDenormals(Kernels k) {
        try (Arena arena = Arena.ofConfined()) {
            int n = 401;
            MemorySegment x = arena.allocate(n * 4L, 64);
            for (int i = 0; i < n; i++) {
                x.setAtIndex(F, i, -200f + 0.5f * i);
            }
            MemorySegment dy = filled(arena, n, 1f);
            MemorySegment y = arena.allocate(n * 4L, 64);
            List<java.util.function.Consumer<MemorySegment>> kernels = List.of(
                    out -> k.softplus(x, out, n), out -> k.softplusBackward(x, dy, out, n),
                    out -> k.swish(x, out, n), out -> k.swishBackward(x, dy, out, n),
                    out -> k.gelu(x, out, n), out -> k.geluBackward(x, dy, out, n),
                    out -> k.exponential(x, out, n));
            for (int kernel = 0; kernel < kernels.size(); kernel++) {
                kernels.get(kernel).accept(y);
                for (int i = 0; i < n; i++) {
                    float v = y.getAtIndex(F, i);
                    assertFalse(denormal(v), "kernel #" + kernel + " at x=" + x.getAtIndex(F, i) + " gave " + v);
                }
            }
        }
    }
}
