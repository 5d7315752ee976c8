package dev.tensorlane.samples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./tensorlane scaling}: what it measures and reports; no timing is asserted. */
class ThreadScalingTest {

    @Test
    void bothCopiesTrainTheSameEpochsAndEndWithTheSameWeights() {
        var settings = new ThreadScaling.Settings("selu", null, 2, 16, 3, 2, Duration.ofMillis(1), Duration.ZERO, 5);
        var progress = new ByteArrayOutputStream();
        ThreadScaling.Result result = ThreadScaling.run(settings, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertEquals(2, result.rounds().size());
        assertEquals(1, result.epochsPerRound(), "a round shorter than an epoch still runs one");
        assertEquals(2 + 2, result.epochsEach(), "warm-up epoch, timing epoch, one per round");
        assertTrue(result.weightsIdentical(), "1 thread and 2 threads end bit for bit equal");
        for (ThreadScaling.Round round : result.rounds()) {
            assertTrue(round.oneThread() > 0 && round.manyThreads() > 0 && round.adaptive() > 0
                    && round.roundTripNanos() > 0, round.toString());
        }
        String lines = progress.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("round 1 of 2: ") && lines.contains("round 2 of 2: "), lines);
        assertTrue(lines.contains(" ns" + System.lineSeparator()) && lines.contains("core-to-core round trip "), lines);

        String report = ThreadScaling.report(result);
        assertTrue(report.startsWith("selu, batch 16: 2 rounds of 1 epochs × 3 steps per copy, in turn"), report);
        assertEquals(4 * 3, result.stepsTrained());
        assertEquals(0, result.stepsOnOneThread(), "12 steps are fewer than the governor's first interval");
        assertTrue(report.contains("weights after 4 epochs each: identical bit for bit"), report);
        assertTrue(report.contains("2 threads"), report);
    }

    @Test
    void reportGivesMediansAndSpreadPerColumn() {
        var rounds = List.of(new ThreadScaling.Round(100, 150, 100, 400), new ThreadScaling.Round(200, 220, 210, 80),
                new ThreadScaling.Round(120, 240, 240, 90));
        String report = ThreadScaling.report(new ThreadScaling.Result("bn", 2, 32, 100, 5, 20, rounds, false, 500, 2000));
        // 1 thread: 100, 120, 200; 2 threads: 150, 220, 240; ratios: 1.1, 1.5, 2.0
        // adaptive: 100, 210, 240; ratios: 1.0, 1.05, 2.0
        String row = "%-10s %12s %12s %8s× %12s %8s×";
        assertTrue(report.contains(String.format(row, "median", "120", "220", "1.500", "210", "1.050")), report);
        assertTrue(report.contains(String.format(row, "min", "100", "150", "1.100", "100", "1.000")), report);
        assertTrue(report.contains(String.format(row, "max", "200", "240", "2.000", "240", "2.000")), report);
        assertTrue(report.contains("500 of its 2000 steps"), report);
        assertTrue(report.contains("DIFFERENT between 1 thread and 2 threads"), report);
        assertTrue(report.contains("core-to-core round trip before each round: median 90 ns (80–400)"), report);
    }

    @Test
    void theLabelNamesAChosenActivation() {
        assertEquals("deep (prelu)", new ThreadScaling.Settings("deep", "prelu", 2, 32, 100, 12, Duration.ofSeconds(1),
                Duration.ofSeconds(20), 1).label());
        assertEquals("bn", new ThreadScaling.Settings("bn", null, 2, 32, 100, 12, Duration.ofSeconds(1),
                Duration.ofSeconds(20), 1).label());
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, ThreadScaling.median(new double[] {1, 2, 7}));
        assertEquals(4.5, ThreadScaling.median(new double[] {1, 4, 5, 9}));
    }

    @Test
    void sameBitsComparesEveryFloatAsBits() {
        List<float[]> a = List.of(new float[] {1f, 0f}, new float[] {Float.NaN});
        assertTrue(ThreadScaling.sameBits(a, List.of(new float[] {1f, 0f}, new float[] {Float.NaN})));
        assertFalse(ThreadScaling.sameBits(a, List.of(new float[] {Math.nextUp(1f), 0f}, new float[] {Float.NaN})));
        assertFalse(ThreadScaling.sameBits(a, List.of(new float[] {1f, -0f}, new float[] {Float.NaN})));
        assertFalse(ThreadScaling.sameBits(a, List.of(new float[] {1f, 0f})));
        assertFalse(ThreadScaling.sameBits(a, List.of(new float[] {1f}, new float[] {Float.NaN})));
    }

    @Test
    void oneThreadLeavesNothingToCompare() {
        var error = assertThrows(IllegalArgumentException.class, () -> new ThreadScaling.Settings("bn", null, 1, 32, 100, 12,
                Duration.ofSeconds(1), Duration.ofSeconds(20), 1));
        assertTrue(error.getMessage().startsWith("scaling compares 1 thread with N > 1 threads, and N is 1 (--threads N;"),
                error.getMessage());
    }

    @Test
    void aSampleCountBeyondOneArrayIsRefused() {
        var error = assertThrows(IllegalArgumentException.class, () -> new ThreadScaling.Settings("bn", null, 2, 32768, 100, 12,
                Duration.ofSeconds(1), Duration.ofSeconds(20), 1));
        assertEquals("scaling: --batch-size 32768 × --steps 100 samples of 784 pixels do not fit in one Java array; use fewer",
                error.getMessage());
    }
}
