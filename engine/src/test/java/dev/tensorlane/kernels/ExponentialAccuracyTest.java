package dev.tensorlane.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exponential every exp-based kernel uses (VectorKernels' own polynomial, measured faster than
 * {@code VectorOperators.EXP}) stays within 2 ulp of {@code Math.exp} over the whole range the
 * kernels feed it, [−64, ln(Float.MAX_VALUE)], and flushes/overflows at the documented bounds.
 */
class ExponentialAccuracyTest {

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    static List<Kernels> implementations() {
        return List.of(KernelProvider.scalar(), KernelProvider.get());
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void withinTwoUlpOfMathExp(Kernels k) {
        int n = 200_003;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocate(n * 4L, 64);
            MemorySegment y = arena.allocate(n * 4L, 64);
            double low = Kernels.EXP_FLUSH_BELOW;
            double high = Kernels.EXP_OVERFLOWS_ABOVE;
            for (int i = 0; i < n; i++) {
                x.setAtIndex(F, i, (float) (low + (high - low) * i / (n - 1)));
            }
            k.exponential(x, y, n);
            double worst = 0;
            for (int i = 0; i < n; i++) {
                double expected = Math.exp(x.getAtIndex(F, i));
                float actual = y.getAtIndex(F, i);
                worst = Math.max(worst, Math.abs(actual - expected) / Math.ulp((float) expected));
            }
            assertTrue(worst <= 2, k.description() + ": worst error " + worst + " ulp");
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void flushesBelowAndOverflowsAbove(Kernels k) {
        float[] inputs = {-1000f, -64.5f, -64f, 0f, 1f, 88.72f, 88.73f, 1000f};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocateFrom(F, inputs);
            MemorySegment y = arena.allocate(inputs.length * 4L, 64);
            k.exponential(x, y, inputs.length);
            assertEquals(0f, y.getAtIndex(F, 0));
            assertEquals(0f, y.getAtIndex(F, 1));
            assertEquals((float) Math.exp(-64), y.getAtIndex(F, 2), Math.ulp((float) Math.exp(-64)) * 2);
            assertEquals(1f, y.getAtIndex(F, 3));
            assertEquals((float) Math.E, y.getAtIndex(F, 4), Math.ulp((float) Math.E) * 2);
            assertTrue(Float.isFinite(y.getAtIndex(F, 5)));
            assertEquals(Float.POSITIVE_INFINITY, y.getAtIndex(F, 6));
            assertEquals(Float.POSITIVE_INFINITY, y.getAtIndex(F, 7));
        }
    }
}
