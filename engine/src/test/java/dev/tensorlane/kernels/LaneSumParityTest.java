package dev.tensorlane.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorKernels#sumLanes} adds the lanes in one documented order: pairs at distance
 * LANES/2, then LANES/4, … 1. Checked bit for bit against that order in scalar code, on values
 * of very different magnitudes, where any other order gives other bits (runs on each species the
 * pom forces).
 */
class LaneSumParityTest {

    /** The tree in scalar code: lane l += lane l ^ d, d = LANES/2 … 1; the sum ends in lane 0. */
    private static float treeSum(float[] lanes) {
        float[] v = lanes.clone();
        for (int d = v.length / 2; d >= 1; d /= 2) {
            float[] next = new float[v.length];
            for (int l = 0; l < v.length; l++) {
                next[l] = v[l] + v[l ^ d];
            }
            v = next;
        }
        return v[0];
    }

    @Test
    void sumsLanesInTheTreeOrderBitForBit() {
        SplittableRandom random = new SplittableRandom(11);
        float[] lanes = new float[VectorKernels.LANES];
        int orderMatters = 0;
        for (int trial = 0; trial < 2_000; trial++) {
            float sequential = 0f;
            for (int l = 0; l < lanes.length; l++) {
                lanes[l] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7)));
                sequential += lanes[l];
            }
            float expected = treeSum(lanes);
            if (Float.floatToIntBits(expected) != Float.floatToIntBits(sequential)) {
                orderMatters++;
            }
            float actual = VectorKernels.sumLanes(FloatVector.fromArray(VectorKernels.SPECIES, lanes, 0));
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual),
                    () -> "lanes " + java.util.Arrays.toString(lanes));
        }
        // the data must be able to tell orders apart, or the test could not fail
        assertTrue(orderMatters > 100, "only " + orderMatters + " of 2000 trials depend on the order");
    }
}
