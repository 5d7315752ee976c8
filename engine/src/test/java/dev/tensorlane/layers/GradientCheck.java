package dev.tensorlane.layers;

import dev.tensorlane.kernels.KernelProvider;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.function.DoublePredicate;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference gradient check of one layer, in double precision: the scalar objective is
 * {@code L = Σ r_i · y_i} with fixed random r, so {@code dL/dy = r}; backward's {@code dx} and
 * parameter gradients are compared with central differences {@code (L(v+h) − L(v−h)) / 2h},
 * where L is summed in double. The layer's random draws (dropout masks) are restarted from the
 * same seed before every forward, so every evaluation sees the same mask.
 */
final class GradientCheck {

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    private final Layer layer;
    private final int rows;
    private final ResettableRandom random = new ResettableRandom();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment x;
    private final MemorySegment r;
    private final int in;
    private final int out;
    private double step = 1e-2;
    private double tolerance = 1e-2;

    GradientCheck(Layer layer, int[] inputShape, int rows, long seed) {
        this.layer = layer;
        this.rows = rows;
        layer.setName("layer_under_test");
        layer.configure(inputShape);
        layer.build(new LayerContext(KernelProvider.get(), random, arena));
        layer.allocateWorkspace(arena, rows);
        in = layer.inputSize();
        out = layer.outputSize();
        SplittableRandom data = new SplittableRandom(seed);
        x = arena.allocate((long) rows * in * Float.BYTES, 64);
        r = arena.allocate((long) rows * out * Float.BYTES, 64);
        for (long i = 0; i < (long) rows * in; i++) {
            x.setAtIndex(F, i, (float) data.nextGaussian());
        }
        for (long i = 0; i < (long) rows * out; i++) {
            r.setAtIndex(F, i, (float) data.nextGaussian());
        }
    }

    /** Keeps inputs out of a region (e.g. a kink at 0) by redrawing them. */
    GradientCheck inputsWhere(DoublePredicate allowed) {
        SplittableRandom data = new SplittableRandom(7);
        for (long i = 0; i < (long) rows * in; i++) {
            while (!allowed.test(x.getAtIndex(F, i))) {
                x.setAtIndex(F, i, (float) (3 * data.nextGaussian()));
            }
        }
        return this;
    }

    GradientCheck step(double h) {
        this.step = h;
        return this;
    }

    GradientCheck tolerance(double t) {
        this.tolerance = t;
        return this;
    }

    Layer layer() {
        return layer;
    }

    MemorySegment input() {
        return x;
    }

    /** Runs backward once, then compares dx and every trainable weight's gradient with finite differences. */
    void run() {
        random.reset();
        layer.forward(x, rows, true);
        MemorySegment dx = layer.backward(r, rows, true);
        float[] analyticDx = dx.asSlice(0, (long) rows * in * Float.BYTES).toArray(F);
        compare("dx", x, analyticDx);
        for (Parameter p : layer.weights()) {
            if (p.trainable()) {
                compare(p.name(), p.value(), p.gradient().toArray(F));
            }
        }
        arena.close();
    }

    private void compare(String what, MemorySegment values, float[] analytic) {
        for (int i = 0; i < analytic.length; i++) {
            float original = values.getAtIndex(F, i);
            float up = (float) (original + step);
            float down = (float) (original - step);
            values.setAtIndex(F, i, up);
            double lossUp = objective();
            values.setAtIndex(F, i, down);
            double lossDown = objective();
            values.setAtIndex(F, i, original);
            double numeric = (lossUp - lossDown) / ((double) up - down);
            int index = i;
            assertTrue(Math.abs(numeric - analytic[i]) <= tolerance * Math.max(1, Math.abs(numeric)),
                    () -> layer.describe() + " " + what + "[" + index + "]: analytic " + analytic[index]
                            + " vs numeric " + numeric);
        }
    }

    private double objective() {
        random.reset();
        MemorySegment y = layer.forward(x, rows, true);
        double sum = 0;
        for (long i = 0; i < (long) rows * out; i++) {
            sum += (double) r.getAtIndex(F, i) * y.getAtIndex(F, i);
        }
        return sum;
    }

    /** A generator restarted from the same seed before each forward, so dropout masks repeat. */
    private static final class ResettableRandom implements RandomGenerator {
        private SplittableRandom delegate = new SplittableRandom(1234);

        void reset() {
            delegate = new SplittableRandom(1234);
        }

        @Override
        public long nextLong() {
            return delegate.nextLong();
        }
    }
}
