package dev.tensorlane.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Twelve independent vector FMA chains, {@code acc = acc · multiplier + addend}, on the CPU's
 * preferred species: enough chains to cover the FMA latency (4 cycles on Zen 4) times its
 * throughput, and few enough to stay in registers. The chains converge to
 * {@code addend / (1 − multiplier)}, so values stay normal (no denormal slow path, no overflow).
 */
public final class FmaChains {

    /** The species the chains run on: the widest the CPU prefers. */
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Lanes per vector (16 with AVX-512). */
    public static final int LANES = SPECIES.length();

    /** Independent accumulators. */
    public static final int CHAINS = 12;

    private FmaChains() {
    }

    /** FLOPs of {@link #run} for the given iterations: one FMA (2 FLOPs) per lane, chain and iteration. */
    public static long flops(int iterations) {
        return 2L * LANES * CHAINS * iterations;
    }

    /**
     * Runs {@code iterations} steps of every chain, chain {@code i} starting at {@code start + i},
     * and returns the sum of all lanes of all chains (so no step is dead code).
     */
    public static float run(float start, float multiplier, float addend, int iterations) {
        FloatVector m = FloatVector.broadcast(SPECIES, multiplier);
        FloatVector c = FloatVector.broadcast(SPECIES, addend);
        FloatVector a0 = FloatVector.broadcast(SPECIES, start);
        FloatVector a1 = FloatVector.broadcast(SPECIES, start + 1);
        FloatVector a2 = FloatVector.broadcast(SPECIES, start + 2);
        FloatVector a3 = FloatVector.broadcast(SPECIES, start + 3);
        FloatVector a4 = FloatVector.broadcast(SPECIES, start + 4);
        FloatVector a5 = FloatVector.broadcast(SPECIES, start + 5);
        FloatVector a6 = FloatVector.broadcast(SPECIES, start + 6);
        FloatVector a7 = FloatVector.broadcast(SPECIES, start + 7);
        FloatVector a8 = FloatVector.broadcast(SPECIES, start + 8);
        FloatVector a9 = FloatVector.broadcast(SPECIES, start + 9);
        FloatVector a10 = FloatVector.broadcast(SPECIES, start + 10);
        FloatVector a11 = FloatVector.broadcast(SPECIES, start + 11);
        for (int i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        FloatVector sum = a0.add(a1).add(a2).add(a3).add(a4).add(a5)
                .add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        return sum.reduceLanes(VectorOperators.ADD);
    }

    /**
     * The same computation in scalar code with {@link Math#fma} (one lane stands for all: every
     * lane of a chain holds the same value), for tests: equal to {@link #run} up to the order of
     * the final sum.
     */
    public static double reference(float start, float multiplier, float addend, int iterations) {
        double sum = 0;
        for (int chain = 0; chain < CHAINS; chain++) {
            float a = start + chain;
            for (int i = 0; i < iterations; i++) {
                a = Math.fma(a, multiplier, addend);
            }
            sum += (double) a * LANES;
        }
        return sum;
    }
}
