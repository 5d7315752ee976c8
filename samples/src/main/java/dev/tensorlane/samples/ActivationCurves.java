package dev.tensorlane.samples;

import dev.tensorlane.activations.ActivationFunction;
import dev.tensorlane.activations.EluFunction;
import dev.tensorlane.activations.ReluFunction;
import dev.tensorlane.activations.StandardActivation;
import dev.tensorlane.kernels.KernelProvider;
import dev.tensorlane.kernels.Kernels;
import dev.tensorlane.layers.RReLU;
import dev.tensorlane.samples.plot.LineChart;
import dev.tensorlane.samples.plot.Marker;

import java.awt.Color;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The tutorial's section 3.2 figure: the ReLU family on x ∈ [−10, 10], y ∈ [−1, 1.6], 1200×600,
 * seaborn's darkgrid, ReLU red with star markers, LeakyReLU blue, ELU green, SELU cyan, plus
 * PReLU and RReLU (a band between its lowest and highest slope, and its inference line); a second
 * figure draws their derivatives. Every value comes from the engine's kernels (forward for the
 * curves, backward with dy = 1 for the derivatives).
 *
 * <p>Parameters: the tutorial's LeakyReLU (α = 0.1) and ELU (α = 0.2); SELU with its real
 * constants (the tutorial's plot used α = 1, λ = 0.5, which is not SELU, so SELU leaves the
 * figure below −1 as it heads for −λα ≈ −1.76); PReLU with α = 0.25 (a learned value; Keras
 * starts it at 0); RReLU with PyTorch's U(1/8, 1/3).
 */
final class ActivationCurves {

    static final int WIDTH = 1200;
    static final int HEIGHT = 600;
    static final int POINTS = 1000;

    static final float LEAKY_ALPHA = 0.1f;
    static final float ELU_ALPHA = 0.2f;
    static final float PRELU_ALPHA = 0.25f;

    private static final Color RED = new Color(0xff0000);
    private static final Color BLUE = new Color(0x0000ff);
    private static final Color GREEN = new Color(0x00ff00);
    private static final Color CYAN = new Color(0x00ffee);
    private static final Color ORANGE = new Color(0xff8c00);
    private static final Color PURPLE = new Color(0x9b30ff);

    private final Kernels kernels = KernelProvider.get();
    private final double[] xs = new double[POINTS];

    ActivationCurves() {
        for (int i = 0; i < POINTS; i++) {
            xs[i] = -10 + 20.0 * i / (POINTS - 1); // np.linspace(-10, 10, 1000)
        }
    }

    /** Writes the curves to {@code valuesFile} and their derivatives to {@code derivativesFile}. */
    void write(Path valuesFile, Path derivativesFile) throws IOException {
        chart(false).writePng(valuesFile);
        chart(true).writePng(derivativesFile);
    }

    /** The values chart, or with {@code derivatives} the derivatives chart. */
    LineChart chart(boolean derivatives) {
        RReLU rrelu = new RReLU();
        float mean = rrelu.meanSlope();
        LineChart chart = new LineChart(WIDTH, HEIGHT).xRange(-10, 10)
                .xLabel("x")
                .yLabel(derivatives ? "f'(x)" : "f(x)")
                .title(derivatives ? "Derivatives of the ReLU family" : "The ReLU family");
        chart = derivatives ? chart.yRange(-0.2, 1.9) : chart.yRange(-1, 1.6);
        double[] lowest = curve(ReluFunction.leaky(rrelu.lower()), derivatives);
        double[] highest = curve(ReluFunction.leaky(rrelu.upper()), derivatives);
        double[] bandLow = new double[POINTS];
        double[] bandHigh = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            bandLow[i] = Math.min(lowest[i], highest[i]);
            bandHigh[i] = Math.max(lowest[i], highest[i]);
        }
        chart.band(String.format(Locale.ROOT, "RReLU training (a ~ U(%.3f, %.3f))", rrelu.lower(), rrelu.upper()), xs,
                        bandLow, bandHigh, PURPLE)
                .line(String.format(Locale.ROOT, "RReLU inference (a = %.3f)", mean), xs,
                        curve(ReluFunction.leaky(mean), derivatives), PURPLE)
                .line("ReLU", xs, curve(StandardActivation.RELU, derivatives), RED, Marker.STAR, 20)
                .line(label("LeakyReLU (α = %.1f)", LEAKY_ALPHA), xs, curve(ReluFunction.leaky(LEAKY_ALPHA), derivatives), BLUE)
                .line(label("PReLU (α = %.2f)", PRELU_ALPHA), xs, prelu(derivatives), ORANGE)
                .line(label("ELU (α = %.1f)", ELU_ALPHA), xs, curve(new EluFunction(ELU_ALPHA), derivatives), GREEN)
                .line(String.format(Locale.ROOT, "SELU (α = %.4f, λ = %.4f)", StandardActivation.SELU_ALPHA,
                        StandardActivation.SELU_SCALE), xs, curve(StandardActivation.SELU, derivatives), CYAN);
        return chart;
    }

    private static String label(String format, float parameter) {
        return String.format(Locale.ROOT, format, parameter);
    }

    /** f(x) at every x, or f'(x) (backward with dy = 1), on the engine's kernels. */
    double[] curve(ActivationFunction f, boolean derivative) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = inputs(arena);
            MemorySegment y = arena.allocate(POINTS * 4L, 64);
            f.forward(kernels, x, y, 1, POINTS);
            if (!derivative) {
                return doubles(y);
            }
            MemorySegment dx = arena.allocate(POINTS * 4L, 64);
            f.backward(kernels, x, y, ones(arena), dx, 1, POINTS);
            return doubles(dx);
        }
    }

    /** PReLU with one slope for all points (each x a row of one feature). */
    double[] prelu(boolean derivative) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = inputs(arena);
            MemorySegment alpha = arena.allocateFrom(ValueLayout.JAVA_FLOAT, PRELU_ALPHA);
            MemorySegment out = arena.allocate(POINTS * 4L, 64);
            if (derivative) {
                MemorySegment dalpha = arena.allocate(4, 64);
                kernels.preluBackward(x, alpha, ones(arena), out, dalpha, POINTS, 1);
            } else {
                kernels.prelu(x, alpha, out, POINTS, 1);
            }
            return doubles(out);
        }
    }

    double[] xs() {
        return xs.clone();
    }

    private MemorySegment inputs(Arena arena) {
        MemorySegment x = arena.allocate(POINTS * 4L, 64);
        for (int i = 0; i < POINTS; i++) {
            x.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) xs[i]);
        }
        return x;
    }

    private static MemorySegment ones(Arena arena) {
        MemorySegment s = arena.allocate(POINTS * 4L, 64);
        for (int i = 0; i < POINTS; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, 1f);
        }
        return s;
    }

    private static double[] doubles(MemorySegment s) {
        double[] values = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            values[i] = s.getAtIndex(ValueLayout.JAVA_FLOAT, i);
        }
        return values;
    }
}
