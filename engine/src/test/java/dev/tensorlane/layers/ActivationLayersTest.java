package dev.tensorlane.layers;

import dev.tensorlane.kernels.KernelProvider;
import dev.tensorlane.models.FitOptions;
import dev.tensorlane.models.Sequential;
import dev.tensorlane.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ReLU, LeakyReLU, ELU, Softmax, PReLU and RReLU: exact values, names, parameters and bad input. */
class ActivationLayersTest {

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    private static final float[] X = {-4f, -1f, -0.5f, 0.25f, 0.5f, 1f, 3f, 7f};

    private final Arena arena = Arena.ofShared();

    @AfterEach
    void close() {
        arena.close();
    }

    /** Builds {@code layer} on the default kernels for inputs of {@code X.length} features, seeded generator. */
    private Layer built(Layer layer, long seed) {
        layer.setName("under_test");
        layer.configure(new int[]{X.length});
        layer.build(new LayerContext(KernelProvider.get(), new SplittableRandom(seed), arena));
        layer.allocateWorkspace(arena, 2);
        return layer;
    }

    private float[] forward(Layer layer, boolean training) {
        MemorySegment x = arena.allocateFrom(F, X);
        return layer.forward(x, 1, training).asSlice(0, X.length * 4L).toArray(F);
    }

    private float[] backwardOfOnes(Layer layer) {
        MemorySegment dy = arena.allocateFrom(F, 1, 1, 1, 1, 1, 1, 1, 1);
        return layer.backward(dy, 1, true).asSlice(0, X.length * 4L).toArray(F);
    }

    @Test
    void reluWithCapSlopeAndThreshold() {
        Layer relu = built(new ReLU(6, 0.1, 0.5), 1);
        assertArrayEquals(new float[]{-0.45f, -0.15f, -0.1f, -0.025f, 0.5f, 1f, 3f, 6f}, forward(relu, true), 1e-6f);
        assertArrayEquals(new float[]{0.1f, 0.1f, 0.1f, 0.1f, 1f, 1f, 1f, 0f}, backwardOfOnes(relu), 1e-6f);
        assertArrayEquals(new float[]{0, 0, 0, 0.25f, 0.5f, 1, 3, 7}, forward(built(new ReLU(), 1), true), 0f);
    }

    @Test
    void leakyReluUsesKerasLayerDefault() {
        Layer leaky = built(new LeakyReLU(), 1);
        assertArrayEquals(new float[]{-1.2f, -0.3f, -0.15f, 0.25f, 0.5f, 1f, 3f, 7f}, forward(leaky, true), 1e-6f);
        assertArrayEquals(new float[]{0.3f, 0.3f, 0.3f, 1, 1, 1, 1, 1}, backwardOfOnes(leaky), 1e-6f);
    }

    @Test
    void eluWithAlpha() {
        Layer elu = built(new ELU(0.5), 1);
        float[] y = forward(elu, true);
        assertEquals(0.5 * Math.expm1(-4), y[0], 1e-7);
        assertEquals(0.5 * Math.expm1(-1), y[1], 1e-7);
        assertEquals(7f, y[7]);
        assertEquals(0.5 * Math.exp(-1), backwardOfOnes(elu)[1], 1e-7);
    }

    @Test
    void softmaxLayerSumsToOne() {
        float[] y = forward(built(new Softmax(), 1), true);
        double sum = 0;
        for (float v : y) {
            sum += v;
        }
        assertEquals(1, sum, 1e-6);
        assertEquals(Math.exp(7) / (Math.exp(-4) + Math.exp(-1) + Math.exp(-0.5) + Math.exp(0.25) + Math.exp(0.5)
                + Math.exp(1) + Math.exp(3) + Math.exp(7)), y[7], 1e-6);
    }

    @Test
    void preluStartsAsReluAndUsesItsSlopes() {
        PReLU prelu = (PReLU) built(new PReLU(), 1);
        assertEquals(List.of("under_test/alpha"), prelu.weights().stream().map(Parameter::name).toList());
        assertArrayEquals(new float[]{0, 0, 0, 0.25f, 0.5f, 1, 3, 7}, forward(prelu, true), 0f); // −0 for x < 0
        for (int j = 0; j < X.length; j++) {
            prelu.alpha().value().setAtIndex(F, j, 0.1f * (j + 1));
        }
        assertArrayEquals(new float[]{-0.4f, -0.2f, -0.15f, 0.25f, 0.5f, 1, 3, 7}, forward(prelu, true), 1e-6f);
        assertArrayEquals(new float[]{0.1f, 0.2f, 0.3f, 1, 1, 1, 1, 1}, backwardOfOnes(prelu), 1e-6f);
        // dL/dalpha_j = dy·x where x < 0
        assertArrayEquals(new float[]{-4f, -1f, -0.5f, 0, 0, 0, 0, 0}, prelu.alpha().gradient().toArray(F), 1e-6f);
    }

    @Test
    void rreluDrawsOneSlopePerElementInTrainingAndUsesTheMeanInInference() {
        RReLU rrelu = (RReLU) built(new RReLU(), 7);
        float[] y = forward(rrelu, true);
        float[] dx = backwardOfOnes(rrelu);
        for (int i = 0; i < 3; i++) {
            float slope = y[i] / X[i];
            assertTrue(slope >= 1f / 8 && slope <= 1f / 3, "slope " + slope);
            assertEquals(slope, dx[i], 1e-6, "backward uses the forward's slope");
        }
        assertNotEquals(y[0] / X[0], y[1] / X[1], "each element draws its own slope");
        assertArrayEquals(new float[]{0.25f, 0.5f, 1, 3, 7}, java.util.Arrays.copyOfRange(y, 3, 8));
        float mean = (1f / 8 + 1f / 3) / 2;
        float[] inference = forward(rrelu, false);
        assertEquals(-4f * mean, inference[0], 1e-6);
        assertEquals(-0.5f * mean, inference[2], 1e-6);
        float[] again = forward(built(new RReLU(), 7), true);
        assertArrayEquals(y, again, "same seed, same slopes");
    }

    @Test
    void badParametersGetClearMessages() {
        assertMessage("RReLU: lower must not exceed upper, got lower=0.5 > upper=0.2", () -> new RReLU(0.5, 0.2));
        assertMessage("RReLU: lower and upper must be finite numbers >= 0, got lower=-0.1, upper=0.2",
                () -> new RReLU(-0.1, 0.2));
        assertMessage("LeakyReLU: alpha must be a finite number >= 0, got -0.3", () -> new LeakyReLU(-0.3));
        assertMessage("ELU: alpha must be a finite number >= 0, got -1.0", () -> new ELU(-1));
        assertMessage("ReLU: max value must be >= 0 (or +Infinity for none), got -1.0", () -> new ReLU(-1, 0, 0));
        assertMessage("ReLU: negative slope must be a finite number >= 0, got -0.1", () -> new ReLU(6, -0.1, 0));
        assertMessage("unknown activation 'rrelu'; known: linear, relu", () -> new Dense(10, "rrelu"));
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
        String message = assertThrows(IllegalArgumentException.class, call).getMessage();
        assertTrue(message.startsWith(start), message);
    }

    @Test
    void namesFollowKerasSnakeCase() {
        Sequential model = new Sequential();
        model.add(new Flatten(2, 2));
        for (Layer layer : List.of(new ReLU(), new LeakyReLU(), new PReLU(), new RReLU(), new ELU(), new Softmax(),
                new ReLU())) {
            model.add(layer);
        }
        assertEquals(List.of("flatten", "re_lu", "leaky_re_lu", "p_re_lu", "r_re_lu", "elu", "softmax", "re_lu_1"),
                model.layers().stream().map(Layer::name).toList());
    }

    @Test
    void preluSummaryCountsOneSlopePerFeature() {
        Sequential model = new Sequential();
        model.add(new Flatten(28, 28));
        model.add(new Dense(100));
        model.add(new PReLU());
        model.add(new Dense(10, "softmax"));
        String summary = model.summaryString();
        assertTrue(summary.contains("\np_re_lu (PReLU)              (None, 100)               100       \n"), summary);
        assertTrue(summary.contains("Trainable params: 79,610\n"), summary);
    }

    @Test
    void optimizerTrainsThePreluSlopes() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 64;
        float[] values = new float[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < 4; j++) {
                values[i * 4 + j] = (float) random.nextGaussian() + (labels[i] == 0 ? -1 : 1);
            }
        }
        try (Tensor x = Tensor.of(values, n, 4); Sequential model = new Sequential()) {
            model.add(new Flatten(4));
            model.add(new Dense(8));
            PReLU prelu = new PReLU();
            model.add(prelu);
            model.add(new Dense(2, "softmax"));
            model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
            model.fit(x, labels, FitOptions.epochs(2).batchSize(16).verbose(0));
            float[] slopes = prelu.alpha().value().toArray(F);
            assertTrue(java.util.stream.IntStream.range(0, slopes.length).anyMatch(j -> slopes[j] != 0f),
                    "slopes still all 0: " + java.util.Arrays.toString(slopes));
        }
    }
}
