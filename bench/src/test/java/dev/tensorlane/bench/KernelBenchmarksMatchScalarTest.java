package dev.tensorlane.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.tensorlane.bench.SegmentAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Each kernel benchmark's setup, run once with the vector kernels, produces what the same setup
 * produces with the scalar reference kernels (same seeds, so the same inputs): the benchmarks
 * measure correct code. (4096x1024 runs the same code paths as 1024x1024, the column count
 * being the same; it is left out to keep the test fast.)
 */
class KernelBenchmarksMatchScalarTest {

    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"32x100", "256x100", "1024x1024"})
    void batchNormalization(String shape) {
        BatchNormBench vector = batchNorm(shape, "vector");
        BatchNormBench scalar = batchNorm(shape, "scalar");
        try {
            String where = "BatchNormBench " + shape + " ";
            assertClose(scalar.forwardTraining(), vector.forwardTraining(), TOLERANCE, where + "forwardTraining y");
            assertClose(scalar.xhat, vector.xhat, TOLERANCE, where + "forwardTraining xhat");
            assertClose(scalar.forwardInference(), vector.forwardInference(), TOLERANCE, where + "forwardInference y");
            assertClose(scalar.backward(), vector.backward(), TOLERANCE, where + "backward dx");
            assertClose(scalar.dgamma, vector.dgamma, TOLERANCE, where + "backward dgamma");
        } finally {
            vector.tearDown();
            scalar.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"32x100", "256x100", "1024x1024"})
    void selu(String shape) {
        compareSelu(shape, "selu");
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "elu", "sigmoid", "tanh"})
    void otherActivations(String activation) {
        compareSelu("256x100", activation);
    }

    @Test
    void seluHasNegativeInputs() {
        SeluBench bench = selu("32x100", "vector", "selu");
        MemorySegment y = bench.forward();
        float min = Float.MAX_VALUE;
        for (long i = 0; i < y.byteSize() / Float.BYTES; i++) {
            min = Math.min(min, y.getAtIndex(ValueLayout.JAVA_FLOAT, i));
        }
        assertNotEquals(0f, Math.min(min, 0f), "half the inputs should take SELU's exp branch");
        bench.tearDown();
    }

    private static void compareSelu(String shape, String activation) {
        SeluBench vector = selu(shape, "vector", activation);
        SeluBench scalar = selu(shape, "scalar", activation);
        try {
            String where = "SeluBench " + activation + " " + shape + " ";
            assertClose(scalar.forward(), vector.forward(), TOLERANCE, where + "forward");
            assertClose(scalar.backward(), vector.backward(), TOLERANCE, where + "backward");
        } finally {
            vector.tearDown();
            scalar.tearDown();
        }
    }

    private static BatchNormBench batchNorm(String shape, String impl) {
        BatchNormBench bench = new BatchNormBench();
        bench.shape = shape;
        bench.impl = impl;
        bench.setUp();
        return bench;
    }

    private static SeluBench selu(String shape, String impl, String activation) {
        SeluBench bench = new SeluBench();
        bench.shape = shape;
        bench.impl = impl;
        bench.activation = activation;
        bench.setUp();
        return bench;
    }
}
