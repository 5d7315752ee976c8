package dev.tensorlane.samples;

import dev.tensorlane.kernels.KernelProvider;
import dev.tensorlane.kernels.Kernels;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A deep A·B allocates nothing once compiled. Its tiles loop 1,024 times per call, so C2 sees
 * anything they do once per call as rare: when the tiles read Â's rows through slices, it did not
 * inline {@code asSlice} there and every call allocated its four slices (860 KB per 1024³ product,
 * 2.5 KB per product here). Rounds are measured until one stays under the bound, as in
 * {@link TrainingStepAllocationTest}.
 */
class DeepProductAllocationTest {

    private static final int M = 32, K = 1024, N = 96;
    private static final int WARM_UP_PRODUCTS = 3_000;
    private static final int PRODUCTS_PER_ROUND = 300;
    private static final int MAX_ROUNDS = 40;
    private static final double BOUND_BYTES_PER_PRODUCT = 64;

    @Test
    void aDeepProductAllocatesNothingAfterWarmUp() {
        Kernels kernels = KernelProvider.get().withThreads(1);
        assumeTrue(kernels.vectorBits() > 0, "needs the vector kernels");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = filled(arena, (long) M * K), b = filled(arena, (long) K * N);
            MemorySegment c = arena.allocate((long) M * N * Float.BYTES, 64);
            for (int i = 0; i < WARM_UP_PRODUCTS; i++) {
                kernels.matmul(a, b, null, c, M, K, N, false);
            }
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            double perProduct = Double.NaN;
            int round = 0;
            while (round++ < MAX_ROUNDS && !(perProduct < BOUND_BYTES_PER_PRODUCT)) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < PRODUCTS_PER_ROUND; i++) {
                    kernels.matmul(a, b, null, c, M, K, N, false);
                }
                perProduct = (threads.getCurrentThreadAllocatedBytes() - before) / (double) PRODUCTS_PER_ROUND;
            }
            assertTrue(perProduct < BOUND_BYTES_PER_PRODUCT, "a " + M + "×" + K + "×" + N + " matmul allocated "
                    + perProduct + " bytes per product in the last of " + MAX_ROUNDS + " rounds, and at least "
                    + BOUND_BYTES_PER_PRODUCT + " in every round");
        }
    }

    private static MemorySegment filled(Arena arena, long floats) {
        MemorySegment s = arena.allocate(floats * Float.BYTES, 64);
        for (long i = 0; i < floats; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (i % 7) * 0.25f - 0.75f);
        }
        return s;
    }
}
