package dev.tensorlane.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static dev.tensorlane.bench.SegmentAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GemmBench's states compute the product the scalar reference (or, at 1024³, a double-precision dot) gives. */
class GemmBenchMatchesScalarTest {

    @ParameterizedTest
    @ValueSource(strings = {"ab:32x784x100", "ab:32x100x100", "ab:32x100x10",
            "atb:784x32x100", "atb:100x32x100", "atb:100x32x10", "abt:32x100x100", "abt:32x10x100"})
    void seedShapes(String gemm) {
        GemmBench bench = new GemmBench();
        GemmBench.SeedShapes vector = seedState(gemm, "vector");
        GemmBench.SeedShapes scalar = seedState(gemm, "scalar");
        try {
            assertClose(bench.seedModel(scalar), bench.seedModel(vector), 1e-4, "GemmBench " + gemm);
        } finally {
            vector.tearDown();
            scalar.tearDown();
        }
    }

    /** The scalar triple loop takes seconds at 1024³, so 64 random entries of C are checked in double instead. */
    @ParameterizedTest
    @CsvSource({"ab:1024x1024x1024,1", "atb:1024x1024x1024,1", "abt:1024x1024x1024,1",
            "ab:1024x1024x1024,2", "atb:1024x1024x1024,2"})
    void largeShapes(String gemm, int threads) {
        GemmBench.LargeShapes state = new GemmBench.LargeShapes();
        state.gemm = gemm;
        state.threads = threads;
        state.setUp();
        try {
            MemorySegment c = new GemmBench().large(state);
            GemmOperands o = state.operands;
            GemmCase g = GemmCase.parse(gemm);
            SplittableRandom random = new SplittableRandom(5);
            for (int sample = 0; sample < 64; sample++) {
                int i = random.nextInt(g.m());
                int j = random.nextInt(g.n());
                double expected = entry(g, o, i, j);
                float actual = c.getAtIndex(ValueLayout.JAVA_FLOAT, (long) i * g.n() + j);
                assertEquals(expected, actual, 1e-4 * (1 + Math.abs(expected)), gemm + " C[" + i + "][" + j + "]");
            }
        } finally {
            state.tearDown();
        }
    }

    @Test
    void costCountsTwoFlopsPerMultiplyAdd() {
        assertEquals(2L * 1024 * 1024 * 1024, GemmCase.parse("atb:1024x1024x1024").cost().flops());
        assertEquals(2L * 32 * 784 * 100 + 32 * 100, GemmCase.parse("ab:32x784x100").cost().flops());
    }

    private static double entry(GemmCase g, GemmOperands o, int i, int j) {
        double sum = g.form().equals("ab") ? o.bias.getAtIndex(ValueLayout.JAVA_FLOAT, j) : 0;
        for (int p = 0; p < g.k(); p++) {
            long aIndex = g.form().equals("atb") ? (long) p * g.m() + i : (long) i * g.k() + p;
            long bIndex = g.form().equals("abt") ? (long) j * g.k() + p : (long) p * g.n() + j;
            sum += (double) o.a.getAtIndex(ValueLayout.JAVA_FLOAT, aIndex) * o.b.getAtIndex(ValueLayout.JAVA_FLOAT, bIndex);
        }
        return sum;
    }

    private static GemmBench.SeedShapes seedState(String gemm, String impl) {
        GemmBench.SeedShapes state = new GemmBench.SeedShapes();
        state.gemm = gemm;
        state.impl = impl;
        state.setUp();
        return state;
    }
}
