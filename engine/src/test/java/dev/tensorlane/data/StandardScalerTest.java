package dev.tensorlane.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tensorlane.tensor.Tensor;

import org.junit.jupiter.api.Test;

/** StandardScaler against hand-computed statistics. */
class StandardScalerTest {

    @Test
    void fitComputesMeanAndPopulationStd() {
        try (Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)) {
            StandardScaler scaler = new StandardScaler().fit(x);
            // mean 10/4 = 2.5; deviations ±1.5, ±0.5: variance (2.25+0.25+0.25+2.25)/4 = 1.25
            assertEquals(2.5, scaler.mean(), 0);
            assertEquals(Math.sqrt(1.25), scaler.std(), 1e-15);
            assertEquals(scaler.std(), scaler.scale(), 0);
        }
    }

    @Test
    void transformReturnsANewStandardisedTensorOfTheSameShape() {
        try (Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
             Tensor y = new StandardScaler().fit(x).transform(x)) {
            assertArrayEquals(new int[] {2, 2}, y.shape());
            // ±1.5 / 1.1180340 = ±1.3416408, ±0.5 / 1.1180340 = ±0.4472136
            assertArrayEquals(new float[] {-1.3416408f, -0.4472136f, 0.4472136f, 1.3416408f}, y.toArray(), 1e-6f);
            assertArrayEquals(new float[] {1, 2, 3, 4}, x.toArray(), 0f);
        }
    }

    @Test
    void transformIsComputedInFloat32AsDocumented() {
        float[] values = {0, 1, 17, 128, 254, 255, 3, 99};
        try (Tensor x = Tensor.of(values, 8); Tensor y = new StandardScaler().fit(x).transform(x)) {
            StandardScaler scaler = new StandardScaler().fit(x);
            for (int i = 0; i < values.length; i++) {
                float expected = (values[i] - (float) scaler.mean()) / (float) scaler.std();
                assertEquals(expected, y.get(i), 0f, "element " + i);
            }
        }
    }

    @Test
    void transformInPlaceOverwritesTheInput() {
        try (Tensor x = Tensor.of(new float[] {0, 10}, 2)) {
            StandardScaler scaler = new StandardScaler().fit(x); // mean 5, std 5
            assertSame(x, scaler.transformInPlace(x));
            assertArrayEquals(new float[] {-1, 1}, x.toArray(), 0f);
        }
    }

    @Test
    void fittedStatisticsApplyToOtherData() {
        try (Tensor train = Tensor.of(new float[] {0, 10}, 2); Tensor test = Tensor.of(new float[] {20, 5, -5}, 3)) {
            StandardScaler scaler = new StandardScaler().fit(train);
            try (Tensor scaled = scaler.transform(test)) {
                assertArrayEquals(new float[] {3, 0, -2}, scaled.toArray(), 0f);
            }
        }
    }

    @Test
    void zeroStdGivesScaleOneAsInScikitLearn() {
        try (Tensor x = Tensor.of(new float[] {7, 7, 7}, 3); Tensor y = new StandardScaler().fit(x).transform(x)) {
            StandardScaler scaler = new StandardScaler().fit(x);
            assertEquals(7, scaler.mean(), 0);
            assertEquals(0, scaler.std(), 0);
            assertEquals(1, scaler.scale(), 0);
            assertArrayEquals(new float[] {0, 0, 0}, y.toArray(), 0f);
        }
    }

    @Test
    void statisticsSpanManyBlocks() {
        int n = 100_001; // more than several internal blocks, odd so the last block is partial
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i % 2 == 0 ? 0 : 2;
        }
        try (Tensor x = Tensor.of(values, n)) {
            StandardScaler scaler = new StandardScaler().fit(x);
            // 50,001 zeros and 50,000 twos: mean 100000/100001, variance mean(x^2) - mean^2
            double mean = 100_000.0 / n;
            double variance = 200_000.0 / n - mean * mean;
            assertEquals(mean, scaler.mean(), 1e-12);
            assertEquals(Math.sqrt(variance), scaler.std(), 1e-12);
            scaler.transformInPlace(x);
            assertEquals((0 - (float) mean) / (float) Math.sqrt(variance), x.get(n - 1), 0f);
            assertEquals((2 - (float) mean) / (float) Math.sqrt(variance), x.get(n - 2), 0f);
        }
    }

    @Test
    void largeOffsetDoesNotLosePrecision() {
        try (Tensor x = Tensor.of(new float[] {1e6f + 1, 1e6f + 3, 1e6f + 1, 1e6f + 3}, 4)) {
            StandardScaler scaler = new StandardScaler().fit(x);
            assertEquals(1e6 + 2, scaler.mean(), 0);
            assertEquals(1, scaler.std(), 0);
        }
    }

    @Test
    void usingAnUnfittedScalerIsAnIllegalState() {
        StandardScaler scaler = new StandardScaler();
        try (Tensor x = Tensor.of(new float[] {1}, 1)) {
            assertThrows(IllegalStateException.class, () -> scaler.transform(x));
            assertThrows(IllegalStateException.class, () -> scaler.transformInPlace(x));
            assertThrows(IllegalStateException.class, scaler::mean);
            assertThrows(IllegalStateException.class, scaler::std);
        }
    }

    @Test
    void fittingAnEmptyTensorIsRefused() {
        try (Tensor x = Tensor.zeros(0, 28)) {
            assertThrows(IllegalArgumentException.class, () -> new StandardScaler().fit(x));
        }
    }
}
