package dev.tensorlane.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link VectorActivations} writes its exp polynomial out in three places (the vector helper behind
 * {@code exponential} and the sigmoid family, softmax's exp loop, ELU/SELU's loop) so that softmax
 * and ELU/SELU pass no vector to a method C2 might not inline. The three must stay the same
 * arithmetic: softmax and ELU/SELU's far branch are rebuilt here from the vector {@code exponential}
 * kernel, step by step in float, and must match bit for bit, at odd sizes whose last lanes go through
 * the scratch vector (runs on each species the pom forces).
 */
class ExpCopiesParityTest {

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    private static final Kernels VECTOR = new VectorKernels();

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10, 17, 37})
    void softmaxIsTheExponentialKernelOfTheShiftedRowNormalized(int cols) {
        int rows = 7;
        int n = rows * cols;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocate(n * 4L, 64);
            MemorySegment y = arena.allocate(n * 4L, 64);
            MemorySegment shifted = arena.allocate(n * 4L, 64);
            MemorySegment e = arena.allocate(n * 4L, 64);
            SplittableRandom random = new SplittableRandom(cols);
            for (int i = 0; i < n; i++) {
                x.setAtIndex(F, i, (float) (random.nextDouble() * 160 - 80)); // spreads past the flush at −64
            }
            VECTOR.softmax(x, y, rows, cols);
            for (int r = 0; r < rows; r++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, x.getAtIndex(F, (long) r * cols + j));
                }
                for (int j = 0; j < cols; j++) {
                    shifted.setAtIndex(F, (long) r * cols + j, x.getAtIndex(F, (long) r * cols + j) - max);
                }
            }
            VECTOR.exponential(shifted, e, n);
            for (int r = 0; r < rows; r++) {
                float sum = 0f;
                for (int j = 0; j < cols; j++) {
                    sum += e.getAtIndex(F, (long) r * cols + j);
                }
                float factor = 1f / sum;
                for (int j = 0; j < cols; j++) {
                    long i = (long) r * cols + j;
                    float expected = e.getAtIndex(F, i) * factor;
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(y.getAtIndex(F, i)),
                            "row " + r + ", column " + j + " of " + cols + ": x = " + x.getAtIndex(F, i));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 16, 17, 1031})
    void eluFarBranchIsTheExponentialKernelMinusOne(int n) {
        float alpha = 1.6732632f;
        float scale = 1.050701f;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocate(n * 4L, 64);
            MemorySegment y = arena.allocate(n * 4L, 64);
            MemorySegment clamped = arena.allocate(n * 4L, 64);
            MemorySegment e = arena.allocate(n * 4L, 64);
            SplittableRandom random = new SplittableRandom(n);
            for (int i = 0; i < n; i++) {
                float v = (float) (-0.5 - random.nextDouble() * 80); // below −1/2: the exp branch, past −64 too
                x.setAtIndex(F, i, v);
                clamped.setAtIndex(F, i, Math.max(v, Kernels.EXP_FLUSH_BELOW));
            }
            VECTOR.elu(x, y, n, alpha, scale);
            VECTOR.exponential(clamped, e, n);
            for (int i = 0; i < n; i++) {
                float expected = (e.getAtIndex(F, i) - 1f) * alpha * scale;
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(y.getAtIndex(F, i)),
                        "element " + i + " of " + n + ": x = " + x.getAtIndex(F, i));
            }
        }
    }
}
