package dev.tensorlane.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RooflineBench computes what it claims; TrainStepBench's setup trains deterministically. */
class RooflineAndTrainStepBenchTest {

    @Test
    void fmaChainsMatchScalarFma() {
        RooflineBench bench = new RooflineBench();
        float sum = bench.fmaPeak();
        double expected = FmaChains.reference(bench.start, bench.multiplier, bench.addend, RooflineBench.FMA_ITERATIONS);
        assertEquals(expected, sum, 1e-5 * Math.abs(expected));
        assertTrue(Float.isFinite(sum) && sum > 0, "chains must stay finite and normal");
    }

    @Test
    void copyCopiesEveryByte() {
        RooflineBench bench = new RooflineBench();
        bench.setUp();
        try {
            MemorySegment destination = bench.copyBandwidth();
            assertEquals(-1, bench.source.mismatch(destination));
        } finally {
            bench.tearDown();
        }
    }

    /** Sequential always uses this JVM's kernels, so the scalar comparison is the engine's parity tests' job. */
    @Test
    void trainStepIsDeterministicAndFinite() {
        for (String model : new String[]{"bn", "selu"}) {
            float first = firstStepLoss(model, 1);
            assertEquals(first, firstStepLoss(model, 1), model + ": same seed, same first-step loss");
            assertEquals(first, firstStepLoss(model, 2), model + ": two threads, same first-step loss");
            assertTrue(first > 0 && first < 20, model + ": cross-entropy of 10 classes, got " + first);
        }
    }

    private static float firstStepLoss(String model, int threads) {
        TrainStepBench bench = new TrainStepBench();
        bench.model = model;
        bench.batch = 32;
        bench.threads = threads;
        bench.setUp();
        try {
            return bench.trainStep();
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void fitStepTrainsOneEpochTheSameOnOneAndTwoThreads() {
        double one = fitStepLoss(1);
        assertEquals(one, fitStepLoss(2), "same epoch loss on two threads");
        assertTrue(one > 0 && one < 20, "cross-entropy of 10 classes, got " + one);
    }

    private static double fitStepLoss(int threads) {
        TrainStepBench bench = new TrainStepBench();
        bench.model = "bn";
        bench.batch = 32;
        bench.threads = threads;
        bench.setUp();
        try {
            var history = bench.fitStep();
            List<Double> loss = history.get("loss");
            assertEquals(1, loss.size(), "one epoch of " + TrainStepBench.EPOCH_STEPS + " steps");
            return loss.get(0);
        } finally {
            bench.tearDown();
        }
    }
}
