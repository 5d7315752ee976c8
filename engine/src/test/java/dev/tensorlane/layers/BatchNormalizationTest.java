package dev.tensorlane.layers;

import dev.tensorlane.kernels.KernelProvider;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** BatchNormalization's statistics and inference path against values worked out by hand. */
class BatchNormalizationTest {

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    @Test
    void trainingStepNormalizesWithBatchStatisticsAndMovesTheAverages() {
        try (Arena arena = Arena.ofShared()) {
            BatchNormalization bn = standalone(arena, new BatchNormalization(), 2);
            // x = [[1, 2], [3, 6]]: mean [2, 4], biased variance [1, 4]
            MemorySegment x = segment(arena, 1, 2, 3, 6);
            float[] y = bn.forward(x, 2, true).asSlice(0, 16).toArray(F);
            double s0 = Math.sqrt(1 + 1e-3);
            double s1 = Math.sqrt(4 + 1e-3);
            assertArrayEquals(new float[]{(float) (-1 / s0), (float) (-2 / s1), (float) (1 / s0), (float) (2 / s1)}, y, 1e-6f);
            // moving = moving·0.99 + batch·0.01, from mean 0 and variance 1
            assertArrayEquals(new float[]{0.02f, 0.04f}, weight(bn, "moving_mean"), 1e-7f);
            assertArrayEquals(new float[]{1.0f, 1.03f}, weight(bn, "moving_variance"), 1e-6f);
        }
    }

    @Test
    void inferenceUsesMovingStatisticsGammaAndBeta() {
        try (Arena arena = Arena.ofShared()) {
            BatchNormalization bn = standalone(arena, new BatchNormalization(0.9f, 0.01f, null), 2);
            set(bn, "gamma", 2, 3);
            set(bn, "beta", 0.5f, -1);
            set(bn, "moving_mean", 1, -2);
            set(bn, "moving_variance", 4, 0.25f);
            float[] y = bn.forward(segment(arena, 3, 0, -1, -2), 2, false).asSlice(0, 16).toArray(F);
            // y = γ (x − μ) / sqrt(σ² + ε) + β
            assertArrayEquals(new float[]{
                    (float) (2 * 2 / Math.sqrt(4.01) + 0.5), (float) (3 * 2 / Math.sqrt(0.26) - 1),
                    (float) (2 * -2 / Math.sqrt(4.01) + 0.5), (float) (-1)}, y, 1e-5f);
            assertArrayEquals(new float[]{1, -2}, weight(bn, "moving_mean"), "inference must not move the averages");
        }
    }

    @Test
    void fourParametersPerFeatureTwoTrainable() {
        BatchNormalization bn = new BatchNormalization();
        bn.configure(new int[]{100});
        assertEquals(200, bn.trainableParamCount());
        assertEquals(200, bn.nonTrainableParamCount());
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization(0.99f, -1e-3f, null));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization(1.5f, 1e-3f, null));
    }

    static <L extends Layer> L standalone(Arena arena, L layer, int features) {
        layer.setName("bn");
        layer.configure(new int[]{features});
        layer.build(new LayerContext(KernelProvider.get(), new SplittableRandom(1), arena));
        layer.allocateWorkspace(arena, 8);
        return layer;
    }

    private static MemorySegment segment(Arena arena, float... values) {
        MemorySegment s = arena.allocate((long) values.length * Float.BYTES, 64);
        MemorySegment.copy(values, 0, s, F, 0, values.length);
        return s;
    }

    private static Parameter find(Layer layer, String weight) {
        return layer.weights().stream().filter(p -> p.name().endsWith("/" + weight)).findFirst().orElseThrow();
    }

    private static float[] weight(Layer layer, String weight) {
        return find(layer, weight).value().toArray(F);
    }

    private static void set(Layer layer, String weight, float... values) {
        MemorySegment.copy(values, 0, find(layer, weight).value(), F, 0, values.length);
    }
}
