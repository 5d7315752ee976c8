package dev.tensorlane.optimizers;

import dev.tensorlane.kernels.KernelProvider;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.LayerContext;
import dev.tensorlane.layers.Parameter;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Adam and SGD steps against Keras's formulas worked out by hand in double precision. */
class OptimizerStepTest {

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    @Test
    void adamTwoStepsFollowKerasFormula() {
        try (Arena arena = Arena.ofShared()) {
            Parameter w = weight(arena);
            Adam adam = new Adam();
            adam.build(List.of(w), arena);
            double expectedW = 1, m = 0, v = 0;
            double[] gradients = {0.5, -0.25};
            for (int t = 1; t <= 2; t++) {
                double g = gradients[t - 1];
                w.value().setAtIndex(F, 0, (float) expectedW);
                w.gradient().setAtIndex(F, 0, (float) g);
                adam.step(KernelProvider.get());
                m = 0.9 * m + 0.1 * g;
                v = 0.999 * v + 0.001 * g * g;
                double lrT = 1e-3 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                expectedW -= lrT * m / (Math.sqrt(v) + 1e-7);
                assertEquals(expectedW, w.value().getAtIndex(F, 0), 1e-7, "after step " + t);
            }
            assertEquals(2, adam.iterations());
        }
    }

    @Test
    void plainSgdMovesAgainstTheGradient() {
        assertSgd(new SGD(), 0.01, 0, false);
    }

    @Test
    void sgdWithMomentum() {
        assertSgd(new SGD(0.1f, 0.9f, false), 0.1, 0.9, false);
    }

    @Test
    void sgdWithNesterovMomentum() {
        assertSgd(new SGD(0.1f, 0.9f, true), 0.1, 0.9, true);
    }

    private static void assertSgd(SGD sgd, double lr, double momentum, boolean nesterov) {
        try (Arena arena = Arena.ofShared()) {
            Parameter w = weight(arena);
            sgd.build(List.of(w), arena);
            double expectedW = 1, velocity = 0;
            double[] gradients = {0.5, -0.25, 2};
            for (int t = 0; t < gradients.length; t++) {
                double g = gradients[t];
                w.gradient().setAtIndex(F, 0, (float) g);
                sgd.step(KernelProvider.get());
                velocity = momentum * velocity - lr * g;
                expectedW += nesterov ? momentum * velocity - lr * g : velocity;
                assertEquals(expectedW, w.value().getAtIndex(F, 0), 1e-6, "after step " + (t + 1));
            }
        }
    }

    /** A 1×1 Dense kernel with value 1, standing in for any weight. */
    private static Parameter weight(Arena arena) {
        Dense dense = new Dense(1);
        dense.setName("dense");
        dense.configure(new int[]{1});
        dense.build(new LayerContext(KernelProvider.get(), new SplittableRandom(0), arena));
        Parameter w = dense.kernel();
        w.value().setAtIndex(F, 0, 1f);
        return w;
    }
}
