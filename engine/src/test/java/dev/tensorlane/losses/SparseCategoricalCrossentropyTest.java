package dev.tensorlane.losses;

import dev.tensorlane.kernels.KernelProvider;
import dev.tensorlane.kernels.Kernels;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Softmax + sparse categorical cross-entropy: the value against a hand computation, and both the
 * fused gradient {@code (p − onehot)/rows} and the unfused chain (dL/dp through the softmax's
 * backward) against central finite differences of the mean loss in double precision.
 */
class SparseCategoricalCrossentropyTest {

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    private static final int ROWS = 4;
    private static final int COLS = 5;
    private static final int[] LABELS = {0, 3, 4, 2};

    private final Kernels kernels = KernelProvider.get();
    private final Loss loss = Losses.get("sparse_categorical_crossentropy");

    @Test
    void valueOfOneRowByHand() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(3 * 4L, 64);
            p.setAtIndex(F, 0, 0.2f);
            p.setAtIndex(F, 1, 0.7f);
            p.setAtIndex(F, 2, 0.1f);
            assertEquals(-Math.log(0.7), loss.sum(kernels, p, new int[]{1}, 1, 3), 1e-6);
            p.setAtIndex(F, 1, 0f); // clipped to 1e-7
            assertEquals(-Math.log(1e-7), loss.sum(kernels, p, new int[]{1}, 1, 3), 1e-4);
        }
    }

    @Test
    void fusedGradientMatchesFiniteDifferences() {
        checkGradient(true);
    }

    @Test
    void gradientThroughTheSoftmaxJacobianMatchesFiniteDifferences() {
        checkGradient(false);
    }

    private void checkGradient(boolean fused) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment logits = arena.allocate(ROWS * COLS * 4L, 64);
            SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < ROWS * COLS; i++) {
                logits.setAtIndex(F, i, (float) (2 * random.nextGaussian()));
            }
            MemorySegment p = arena.allocate(ROWS * COLS * 4L, 64);
            MemorySegment dp = arena.allocate(ROWS * COLS * 4L, 64);
            MemorySegment dz = arena.allocate(ROWS * COLS * 4L, 64);
            kernels.softmax(logits, p, ROWS, COLS);
            if (fused) {
                loss.gradientThroughSoftmax(kernels, p, LABELS, dz, ROWS, COLS);
            } else {
                loss.gradient(kernels, p, LABELS, dp, ROWS, COLS);
                kernels.softmaxBackward(p, dp, dz, ROWS, COLS);
            }
            double h = 1e-2;
            for (int i = 0; i < ROWS * COLS; i++) {
                float original = logits.getAtIndex(F, i);
                float up = (float) (original + h);
                float down = (float) (original - h);
                logits.setAtIndex(F, i, up);
                double lossUp = meanLoss(logits, p);
                logits.setAtIndex(F, i, down);
                double lossDown = meanLoss(logits, p);
                logits.setAtIndex(F, i, original);
                double numeric = (lossUp - lossDown) / ((double) up - down);
                assertEquals(numeric, dz.getAtIndex(F, i), 2e-3 * Math.max(1, Math.abs(numeric)), "dlogits[" + i + "]");
            }
        }
    }

    private double meanLoss(MemorySegment logits, MemorySegment p) {
        kernels.softmax(logits, p, ROWS, COLS);
        return loss.sum(kernels, p, LABELS, ROWS, COLS) / ROWS;
    }
}
