package dev.tensorlane.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link VectorKernels} against the {@link ScalarKernels} oracle, on the species this JVM uses
 * (the pom reruns this class with {@code -Dtensorlane.vectorBits=128} and {@code 256}).
 *
 * <p>Each case runs both implementations on identical copies of seeded random data and then
 * compares every segment, inputs included (a kernel must not write to its inputs). The vector run
 * gets 64-byte-aligned segments on one case and 4-byte-misaligned views on the next, and all its
 * segments are sliced to their exact length, so a tail that reads or writes past the end throws.
 */
class VectorKernelsParityTest {

    static final int[] SIZES = {1, 3, 7, 15, 16, 17, 31, 100, 127, 784, 1000, 1031};
    private static final int[] BATCH_ROWS = {1, 2, 3, 32, 127};
    private static final int[] SOFTMAX_ROWS = {1, 3, 32};

    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = new VectorKernels();

    /** Exact kernels (copies, selections, products of two numbers) still get a hair of slack for FMA. */
    private static final double TIGHT = 1e-6;
    /** Kernels built on exp, tanh, sqrt or division. */
    private static final double TRANSCENDENTAL = 1e-5;

    private static final float SELU_ALPHA = 1.6732632423543772848f;
    private static final float SELU_SCALE = 1.0507009873554804934f;

    private boolean misaligned;

    // ------------------------------------------------------------------ harness

    @FunctionalInterface
    interface Call {
        void run(Kernels kernels, MemorySegment[] segments);
    }

    /**
     * Runs {@code call} on both implementations with copies of {@code initial}, then requires
     * {@code |vector − scalar| ≤ tolerance·(1 + |scalar|)} for every element of every segment, and a
     * finite vector result wherever the scalar one is finite.
     */
    private void assertParity(String what, double tolerance, Call call, float[]... initial) {
        misaligned = !misaligned;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] expected = segments(arena, initial, false);
            MemorySegment[] actual = segments(arena, initial, misaligned);
            call.run(SCALAR, expected);
            call.run(VECTOR, actual);
            for (int s = 0; s < initial.length; s++) {
                assertClose(what + ", segment " + s, tolerance, expected[s], actual[s]);
            }
        }
    }

    private static MemorySegment[] segments(Arena arena, float[][] initial, boolean misaligned) {
        MemorySegment[] segments = new MemorySegment[initial.length];
        long shift = misaligned ? Float.BYTES : 0;
        for (int s = 0; s < initial.length; s++) {
            long bytes = (long) initial[s].length * Float.BYTES;
            segments[s] = arena.allocate(bytes + shift, 64).asSlice(shift, bytes);
            MemorySegment.copy(initial[s], 0, segments[s], ValueLayout.JAVA_FLOAT_UNALIGNED, 0, initial[s].length);
        }
        return segments;
    }

    private static void assertClose(String what, double tolerance, MemorySegment expected, MemorySegment actual) {
        float[] e = expected.toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
        float[] a = actual.toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
        for (int i = 0; i < e.length; i++) {
            if (Float.isFinite(e[i])) {
                assertTrue(Float.isFinite(a[i]), () -> what + ": not finite");
            }
            double allowed = tolerance * (1 + Math.abs(e[i]));
            int index = i;
            assertTrue(Math.abs(e[i] - a[i]) <= allowed || e[i] == a[i],
                    () -> what + " [" + index + "]: scalar " + e[index] + ", vector " + a[index]);
        }
    }

    /** The {@code cols × rows} transpose of a row-major {@code rows × cols} array, by scalar loops. */
    private static float[] transposed(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = x[r * cols + c];
            }
        }
        return t;
    }

    private static float[] random(long seed, long n, float low, float high) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * (float) random.nextDouble();
        }
        return values;
    }

    private static int[] labels(long seed, int rows, int cols) {
        return new SplittableRandom(seed).ints(rows, 0, cols).toArray();
    }

    static IntStream sizes() {
        return Arrays.stream(SIZES);
    }

    // ------------------------------------------------------------------ species

    @Test
    void runsOnTheForcedSpecies() {
        Integer forced = Integer.getInteger(KernelProvider.VECTOR_BITS_PROPERTY);
        assumeTrue(forced != null && forced != 0, "-Dtensorlane.vectorBits not set: preferred species");
        assertEquals(forced.intValue(), VECTOR.vectorBits());
    }

    @Test
    void describesItsSpecies() {
        int bits = VECTOR.vectorBits();
        assertTrue(bits == 64 || bits == 128 || bits == 256 || bits == 512, "bits " + bits);
        assertEquals("vector-" + bits + " (" + bits / Float.SIZE + " lanes)", VECTOR.description());
    }

    // ------------------------------------------------------------------ matrix products

    static Stream<Arguments> gemmShapes() {
        List<int[]> shapes = new ArrayList<>(List.of(
                new int[] {32, 784, 100}, new int[] {32, 100, 100}, new int[] {32, 100, 10},
                new int[] {7, 1000, 100}, new int[] {17, 17, 17}, new int[] {16, 16, 16}, new int[] {33, 300, 97},
                // k = 0 (C is only initialized) and a C wider than the GEMM's row of zeros
                new int[] {3, 0, 17}, new int[] {2, 5, 4100},
                // shallow and six to seven vectors wide (VectorGemmWholeRows for Aᵀ·B) on 16, 8 and 4 lanes
                new int[] {100, 32, 100}, new int[] {37, 64, 50}, new int[] {27, 16, 27},
                // deeper than one k-block (1,024): the second block's tiles start from C
                new int[] {9, 1100, 100}, new int[] {6, 1030, 97}, new int[] {5, 1100, 10},
                // panels two vectors wide (VectorGemmTwoVectors) on 16, 8 and 4 lanes, rows of 8k + 4 + r;
                // as A·Bᵀ, C (and A) whole vectors wide, which transposes A and C (Cᵀ = B·Aᵀ)
                new int[] {100, 100, 32}, new int[] {37, 50, 16}, new int[] {13, 9, 8}, new int[] {21, 30, 80},
                new int[] {32, 64, 48}, new int[] {16, 40, 24}));
        for (int i = 0; i < SIZES.length; i++) {
            shapes.add(new int[] {SIZES[i], SIZES[(i + 5) % SIZES.length], SIZES[(i + 9) % SIZES.length]});
        }
        return shapes.stream().map(s -> Arguments.of(s[0], s[1], s[2]));
    }

    static Stream<Arguments> gemmCases() {
        return gemmShapes().flatMap(shape -> Stream.of(false, true).flatMap(accumulate -> Stream.of(false, true)
                .map(bias -> Arguments.of(shape.get()[0], shape.get()[1], shape.get()[2], accumulate, bias))));
    }

    static Stream<Arguments> gemmCasesWithoutBias() {
        return gemmShapes().flatMap(shape -> Stream.of(false, true)
                .map(accumulate -> Arguments.of(shape.get()[0], shape.get()[1], shape.get()[2], accumulate)));
    }

    private static double gemmTolerance(int k) {
        return 1e-5 * Math.sqrt(k);
    }

    @ParameterizedTest(name = "{0}x{1}x{2} accumulate={3} bias={4}")
    @MethodSource("gemmCases")
    void matmul(int m, int k, int n, boolean accumulate, boolean bias) {
        float[] a = random(1, (long) m * k, -1, 1);
        float[] b = random(2, (long) k * n, -1, 1);
        float[] c = random(3, (long) m * n, -1, 1);
        float[] biasValues = random(4, n, -1, 1);
        assertParity("matmul", gemmTolerance(k),
                (kernels, s) -> kernels.matmul(s[0], s[1], bias ? s[3] : null, s[2], m, k, n, accumulate),
                a, b, c, biasValues);
    }

    @ParameterizedTest(name = "{0}x{1}x{2} accumulate={3}")
    @MethodSource("gemmCasesWithoutBias")
    void matmulTransA(int m, int k, int n, boolean accumulate) {
        assertParity("matmulTransA", gemmTolerance(k),
                (kernels, s) -> kernels.matmulTransA(s[0], s[1], s[2], m, k, n, accumulate),
                random(5, (long) k * m, -1, 1), random(6, (long) k * n, -1, 1), random(7, (long) m * n, -1, 1));
    }

    @ParameterizedTest(name = "{0}x{1}x{2} accumulate={3}")
    @MethodSource("gemmCasesWithoutBias")
    void matmulTransB(int m, int k, int n, boolean accumulate) {
        assertParity("matmulTransB", gemmTolerance(k),
                (kernels, s) -> kernels.matmulTransB(s[0], s[1], s[2], m, k, n, accumulate),
                random(8, (long) m * k, -1, 1), random(9, (long) n * k, -1, 1), random(10, (long) m * n, -1, 1));
    }

    /**
     * Aᵀ·B against A·B on a transposed copy, bit for bit: the two forms take different tiles (Â
     * read by columns or by rows, each with general tiles for the rows those cannot take) but
     * give every element the same FMAs in the same order, so any difference is a tile's bug.
     */
    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"100,32,100", "784,32,100", "100,100,100", "33,17,100", "100,300,97", "19,5,48", "64,40,112",
            "100,32,10", "50,200,7", "37,9,21",
            // shallow products six to seven vectors wide (VectorGemmWholeRows) on 16, 8 and 4 lanes, odd
            // row counts, one step, and depths either side of its limit
            "9,64,100", "10,65,100", "7,1,97", "51,32,50", "17,64,56", "33,8,27", "6,1,25", "5,3,28",
            // deeper than one k-block
            "11,1030,100", "37,1030,10"})
    void transposedFormMatchesBitForBit(int m, int k, int n) {
        float[] a = random(17, (long) k * m, -1, 1); // k × m: Aᵀ is m × k
        float[] aTransposed = transposed(a, k, m);
        float[] b = random(18, (long) k * n, -1, 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] s = segments(arena, new float[][] {a, aTransposed, b, new float[m * n], new float[m * n]}, false);
            VECTOR.matmulTransA(s[0], s[2], s[3], m, k, n, false);
            VECTOR.matmul(s[1], s[2], null, s[4], m, k, n, false);
            assertArrayEquals(s[4].toArray(ValueLayout.JAVA_INT_UNALIGNED), s[3].toArray(ValueLayout.JAVA_INT_UNALIGNED));
        }
    }

    /**
     * {@code matmulTransB} against {@code matmul} on a transposed copy of B, bit for bit: Dense takes
     * the first on one thread and the second with its {@code Wᵀ} job on more, and a model trains to
     * the same bits on any number of threads only if both give every element the same FMAs in the
     * same order (from 0, in order of p). The first shapes take {@code Cᵀ = B·Aᵀ} on 16, 8 and 4
     * lanes, the last ones the transposed B (C not whole vectors wide, or A and C bigger than B).
     */
    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"32,100,100", "16,64,64", "32,300,200", "8,50,40", "24,100,100", "32,100,10", "256,100,100",
            "7,30,31"})
    void transposedBFormsMatchBitForBit(int m, int k, int n) {
        float[] a = random(21, (long) m * k, -1, 1);
        float[] b = random(22, (long) n * k, -1, 1); // n × k: Bᵀ is k × n
        float[] bTransposed = transposed(b, n, k);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] s = segments(arena, new float[][] {a, b, bTransposed, new float[m * n], new float[m * n]}, false);
            VECTOR.matmulTransB(s[0], s[1], s[3], m, k, n, false);
            VECTOR.matmul(s[0], s[2], null, s[4], m, k, n, false);
            assertArrayEquals(s[4].toArray(ValueLayout.JAVA_INT_UNALIGNED), s[3].toArray(ValueLayout.JAVA_INT_UNALIGNED));
        }
    }

    /**
     * A C exactly two vectors wide ({@link VectorGemmTwoVectors}: six-row tiles from the repeated
     * bias row, then four- and one-row tiles) against a scalar loop of {@code Math.fma} from the
     * bias, or from C when the product accumulates, in order of p: bit for bit.
     */
    @ParameterizedTest(name = "{0}x{1} accumulate={2}")
    @CsvSource({"100,100,false", "100,100,true", "13,3,false", "13,3,true", "8,1,false", "29,64,false"})
    void twoVectorPanelMatchesSequentialFmaBitForBit(int m, int k, boolean accumulate) {
        int n = 2 * VECTOR.vectorBits() / Float.SIZE;
        float[] a = random(23, (long) m * k, -1, 1);
        float[] b = random(24, (long) k * n, -1, 1);
        float[] c = random(25, (long) m * n, -1, 1);
        float[] bias = random(26, n, -1, 1);
        float[] expected = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = accumulate ? c[i * n + j] + bias[j] : bias[j];
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[i * k + p], b[p * n + j], sum);
                }
                expected[i * n + j] = sum;
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] s = segments(arena, new float[][] {a, b, c, bias, expected}, false);
            VECTOR.matmul(s[0], s[1], s[3], s[2], m, k, n, accumulate);
            assertArrayEquals(s[4].toArray(ValueLayout.JAVA_INT_UNALIGNED), s[2].toArray(ValueLayout.JAVA_INT_UNALIGNED));
        }
    }

    /**
     * Both of {@link VectorGemmWholeRows}' row groups (three rows with 32 vector registers, two
     * otherwise: only one of them runs behind {@code matmulTransA} on a given machine) against a
     * scalar loop of {@code Math.fma} from 0 in p order, which is what each lane does: bit for bit.
     */
    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"6,32,100", "12,64,97", "6,1,100", "18,17,110", "12,300,100", "6,5,50", "12,32,27", "6,3,25"})
    void wholeRowGroupsMatchSequentialFmaBitForBit(int m, int k, int n) {
        assumeTrue(VectorGemmWholeRows.fitsWidth(n), "not six to seven vectors wide on this species");
        float[] a = random(19, (long) k * m, -1, 1); // k × m: C = Aᵀ·B is m × n
        float[] b = random(20, (long) k * n, -1, 1);
        float[] expected = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[p * m + i], b[p * n + j], sum);
                }
                expected[i * n + j] = sum;
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] s = segments(arena, new float[][] {a, b, new float[m * n], new float[m * n], expected}, false);
            VectorGemmWholeRows.rowTriplesColumnMajorA(s[0], m, s[1], s[2], k, n, 0, m);
            VectorGemmWholeRows.rowPairsColumnMajorA(s[0], m, s[1], s[3], k, n, 0, m);
            int[] expectedBits = s[4].toArray(ValueLayout.JAVA_INT_UNALIGNED);
            assertArrayEquals(expectedBits, s[2].toArray(ValueLayout.JAVA_INT_UNALIGNED), "three rows at a time");
            assertArrayEquals(expectedBits, s[3].toArray(ValueLayout.JAVA_INT_UNALIGNED), "two rows at a time");
        }
    }

    static Stream<Arguments> rectangles() {
        return IntStream.range(0, SIZES.length).boxed().flatMap(i -> Stream.of(
                Arguments.of(SIZES[i], SIZES[(i + 3) % SIZES.length]),
                Arguments.of(SIZES[(i + 7) % SIZES.length], SIZES[i])));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("rectangles")
    void transpose(int rows, int cols) {
        assertParity("transpose", 0, (kernels, s) -> kernels.transpose(s[0], s[1], rows, cols),
                random(11, (long) rows * cols, -1, 1), random(12, (long) rows * cols, -1, 1));
    }

    /** A column range (what a split call gives each thread): those columns transposed, the rest of dst untouched. */
    @ParameterizedTest(name = "{0}x{1} columns [{2}, {3})")
    @CsvSource({"100,100,0,100", "100,100,5,90", "100,100,16,32", "33,50,17,50", "16,16,0,16", "40,37,1,36", "17,100,0,15"})
    void transposeColumnRange(int rows, int cols, int colFrom, int colTo) {
        float[] source = random(15, (long) rows * cols, -1, 1);
        float[] before = random(16, (long) rows * cols, -1, 1);
        float[] expected = before.clone();
        for (int i = 0; i < rows; i++) {
            for (int j = colFrom; j < colTo; j++) {
                expected[j * rows + i] = source[i * cols + j];
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] s = segments(arena, new float[][] {source, before}, false);
            ((PartitionableKernels) VECTOR).transposeColumns(s[0], s[1], rows, cols, colFrom, colTo);
            assertArrayEquals(expected, s[1].toArray(ValueLayout.JAVA_FLOAT_UNALIGNED));
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("rectangles")
    void sumRows(int rows, int cols) {
        for (boolean accumulate : new boolean[] {false, true}) {
            assertParity("sumRows accumulate=" + accumulate, 1e-6 * Math.sqrt(rows),
                    (kernels, s) -> kernels.sumRows(s[0], s[1], rows, cols, accumulate),
                    random(13, (long) rows * cols, -1, 1), random(14, cols, -1, 1));
        }
    }

    // ------------------------------------------------------------------ element-wise

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void copyAndMultiply(int n) {
        assertParity("copy", 0, (kernels, s) -> kernels.copy(s[0], s[1], n),
                random(20, n, -1, 1), random(21, n, -1, 1));
        assertParity("multiply", 0, (kernels, s) -> kernels.multiply(s[0], s[1], s[2], n),
                random(22, n, -1, 1), random(23, n, -1, 1), random(24, n, -1, 1));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void dot(int n) {
        try (Arena arena = Arena.ofConfined()) {
            float[][] data = {random(25, n, -1, 1), random(26, n, -1, 1)};
            MemorySegment[] expected = segments(arena, data, false);
            MemorySegment[] actual = segments(arena, data, true);
            double reference = SCALAR.dot(expected[0], expected[1], n);
            assertEquals(reference, VECTOR.dot(actual[0], actual[1], n), 1e-6 * Math.sqrt(n) * (1 + Math.abs(reference)));
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void reluAndBackward(int n) {
        float[] x = random(30, n, -2, 2);
        assertParity("relu", 0, (kernels, s) -> kernels.relu(s[0], s[1], n), x, new float[n]);
        assertParity("reluBackward", 0, (kernels, s) -> kernels.reluBackward(s[0], s[1], s[2], n),
                x, random(31, n, -1, 1), new float[n]);
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void eluAndSeluAndBackward(int n) {
        float[] x = random(32, n, -6, 6);
        float[] dy = random(33, n, -1, 1);
        for (float[] alphaScale : new float[][] {{1f, 1f}, {SELU_ALPHA, SELU_SCALE}, {0.3f, 2f}, {0f, 1f}}) {
            float alpha = alphaScale[0];
            float scale = alphaScale[1];
            assertParity("elu " + alpha, TRANSCENDENTAL, (kernels, s) -> kernels.elu(s[0], s[1], n, alpha, scale),
                    x, new float[n]);
            assertParity("eluBackward " + alpha, TRANSCENDENTAL,
                    (kernels, s) -> kernels.eluBackward(s[0], s[1], s[2], n, alpha, scale), x, dy, new float[n]);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void sigmoidAndTanhAndBackward(int n) {
        float[] x = random(34, n, -10, 10);
        float[] dy = random(35, n, -1, 1);
        float[] y = random(36, n, -1, 1);
        assertParity("sigmoid", TRANSCENDENTAL, (kernels, s) -> kernels.sigmoid(s[0], s[1], n), x, new float[n]);
        assertParity("tanh", TRANSCENDENTAL, (kernels, s) -> kernels.tanh(s[0], s[1], n), x, new float[n]);
        assertParity("sigmoidBackward", TIGHT, (kernels, s) -> kernels.sigmoidBackward(s[0], s[1], s[2], n),
                y, dy, new float[n]);
        assertParity("tanhBackward", TIGHT, (kernels, s) -> kernels.tanhBackward(s[0], s[1], s[2], n),
                y, dy, new float[n]);
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void leakyReluAndBackward(int n) {
        float[] x = random(50, n, -4, 4);
        x[0] = 0f; // on the threshold
        float[] dy = random(51, n, -1, 1);
        float inf = Float.POSITIVE_INFINITY;
        // {negativeSlope, threshold, maxValue}: leaky_relu, LeakyReLU layer, ReLU(6), ReLU with threshold
        for (float[] p : new float[][] {{0.2f, 0f, inf}, {0.3f, 0f, inf}, {0f, 0f, 6f}, {0.1f, 0.5f, 2f}}) {
            assertParity("leakyRelu " + Arrays.toString(p), TIGHT,
                    (kernels, s) -> kernels.leakyRelu(s[0], s[1], n, p[0], p[1], p[2]), x, new float[n]);
            assertParity("leakyReluBackward " + Arrays.toString(p), TIGHT,
                    (kernels, s) -> kernels.leakyReluBackward(s[0], s[1], s[2], n, p[0], p[1], p[2]), x, dy, new float[n]);
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("batchShapes")
    void preluAndBackward(int rows, int cols) {
        long size = (long) rows * cols;
        float[] x = random(52, size, -2, 2);
        float[] alpha = random(53, cols, -0.5f, 0.5f);
        assertParity("prelu", TIGHT, (kernels, s) -> kernels.prelu(s[0], s[1], s[2], rows, cols),
                x, alpha, new float[(int) size]);
        assertParity("preluBackward", 1e-6 * Math.sqrt(rows) + TIGHT,
                (kernels, s) -> kernels.preluBackward(s[0], s[1], s[2], s[3], s[4], rows, cols),
                x, alpha, random(54, size, -1, 1), new float[(int) size], random(55, cols, -1, 1));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void rreluAndBackward(int n) {
        float[] x = random(56, n, -3, 3);
        x[0] = 0f;
        float[] u = random(57, n, 0, 1);
        float lower = 1f / 8, upper = 1f / 3;
        assertParity("rrelu", TIGHT, (kernels, s) -> kernels.rrelu(s[0], s[1], s[2], n, lower, upper),
                x, u, new float[n]);
        assertParity("rreluBackward", TIGHT,
                (kernels, s) -> kernels.rreluBackward(s[0], s[1], s[2], s[3], n, lower, upper),
                x, u, random(58, n, -1, 1), new float[n]);
    }

    /** The smooth activations on the exp polynomial or erf, over a range that reaches the flush and the clamps. */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void smoothActivationsAndBackward(int n) {
        float[] x = random(59, n, -12, 12);
        float[] wide = random(60, n, -100, 100);
        float[] dy = random(61, n, -1, 1);
        for (float[] input : new float[][] {x, wide}) {
            assertParity("softplus", TRANSCENDENTAL, (kernels, s) -> kernels.softplus(s[0], s[1], n), input, new float[n]);
            assertParity("softplusBackward", TRANSCENDENTAL,
                    (kernels, s) -> kernels.softplusBackward(s[0], s[1], s[2], n), input, dy, new float[n]);
            assertParity("softsign", TIGHT, (kernels, s) -> kernels.softsign(s[0], s[1], n), input, new float[n]);
            assertParity("softsignBackward", TIGHT,
                    (kernels, s) -> kernels.softsignBackward(s[0], s[1], s[2], n), input, dy, new float[n]);
            assertParity("swish", TRANSCENDENTAL, (kernels, s) -> kernels.swish(s[0], s[1], n), input, new float[n]);
            assertParity("swishBackward", TRANSCENDENTAL,
                    (kernels, s) -> kernels.swishBackward(s[0], s[1], s[2], n), input, dy, new float[n]);
            assertParity("gelu", TRANSCENDENTAL, (kernels, s) -> kernels.gelu(s[0], s[1], n), input, new float[n]);
            assertParity("geluBackward", TRANSCENDENTAL,
                    (kernels, s) -> kernels.geluBackward(s[0], s[1], s[2], n), input, dy, new float[n]);
            assertParity("hardSigmoid", TIGHT, (kernels, s) -> kernels.hardSigmoid(s[0], s[1], n), input, new float[n]);
            assertParity("hardSigmoidBackward", TIGHT,
                    (kernels, s) -> kernels.hardSigmoidBackward(s[0], s[1], s[2], n), input, dy, new float[n]);
        }
        float[] exponent = random(62, n, -80, 95); // below the flush, through the polynomial, past overflow
        assertParity("exponential", TRANSCENDENTAL, (kernels, s) -> kernels.exponential(s[0], s[1], n),
                exponent, new float[n]);
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void movingAverage(int n) {
        assertParity("movingAverage", TIGHT, (kernels, s) -> kernels.movingAverage(s[0], s[1], n, 0.99f),
                random(37, n, -3, 3), random(38, n, -3, 3));
    }

    // ------------------------------------------------------------------ optimizers and dropout

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void adam(int n) {
        assertParity("adam", TRANSCENDENTAL,
                (kernels, s) -> kernels.adam(s[0], s[1], s[2], s[3], n, 1e-3f, 0.9f, 0.999f, 1e-7f),
                random(40, n, -1, 1), random(41, n, -1, 1), random(42, n, -0.1f, 0.1f), random(43, n, 0, 0.01f));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void sgd(int n) {
        float[] w = random(44, n, -1, 1);
        float[] g = random(45, n, -1, 1);
        float[] velocity = random(46, n, -0.1f, 0.1f);
        assertParity("sgd", TIGHT, (kernels, s) -> kernels.sgd(s[0], s[1], null, n, 0.01f, 0f, false), w, g);
        assertParity("sgd momentum", TIGHT, (kernels, s) -> kernels.sgd(s[0], s[1], s[2], n, 0.01f, 0.9f, false),
                w, g, velocity);
        assertParity("sgd nesterov", TIGHT, (kernels, s) -> kernels.sgd(s[0], s[1], s[2], n, 0.01f, 0.9f, true),
                w, g, velocity);
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void dropoutAndAlphaDropout(int n) {
        float[] x = random(47, n, -2, 2);
        float[] u = random(48, n, 0, 1);
        u[0] = 0.25f; // exactly the rate: kept
        float rate = 0.25f;
        assertParity("dropout", TIGHT, (kernels, s) -> kernels.dropout(s[0], s[1], s[2], n, rate), x, u, new float[n]);
        assertParity("dropoutBackward", TIGHT, (kernels, s) -> kernels.dropoutBackward(s[0], s[1], s[2], n, rate),
                u, x, new float[n]);
        float alphaP = -SELU_SCALE * SELU_ALPHA;
        float a = (float) Math.pow((1 - rate) * (1 + rate * alphaP * alphaP), -0.5);
        float b = -a * alphaP * rate;
        assertParity("alphaDropout", TIGHT,
                (kernels, s) -> kernels.alphaDropout(s[0], s[1], s[2], n, rate, a, b, alphaP), x, u, new float[n]);
        assertParity("alphaDropoutBackward", TIGHT,
                (kernels, s) -> kernels.alphaDropoutBackward(s[0], s[1], s[2], n, rate, a), u, x, new float[n]);
    }

    // ------------------------------------------------------------------ batch normalization

    static Stream<Arguments> batchShapes() {
        return Arrays.stream(BATCH_ROWS).boxed().flatMap(rows -> sizes().mapToObj(cols -> Arguments.of(rows, cols)));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("batchShapes")
    void batchNormTraining(int rows, int cols) {
        long size = (long) rows * cols;
        assertParity("batchNormTraining", 1e-4,
                (kernels, s) -> kernels.batchNormTraining(s[0], s[1], s[2], rows, cols, s[3], s[4], 1e-3f, s[5], s[6], s[7]),
                random(50, size, -1, 5), new float[(int) size], new float[(int) size],
                random(51, cols, 0.5f, 2), random(52, cols, -1, 1), new float[cols], new float[cols], new float[cols]);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("batchShapes")
    void batchNormInference(int rows, int cols) {
        long size = (long) rows * cols;
        assertParity("batchNormInference", TRANSCENDENTAL,
                (kernels, s) -> kernels.batchNormInference(s[0], s[1], rows, cols, s[2], s[3], s[4], s[5], 1e-3f),
                random(53, size, -1, 5), new float[(int) size],
                random(54, cols, 0.5f, 2), random(55, cols, -1, 1), random(56, cols, 1, 3), random(57, cols, 0.1f, 4));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("batchShapes")
    void batchNormBackward(int rows, int cols) {
        long size = (long) rows * cols;
        assertParity("batchNormBackward", 1e-5 * Math.sqrt(rows),
                (kernels, s) -> kernels.batchNormBackward(s[0], s[1], s[2], s[3], s[4], s[5], s[6], rows, cols),
                random(58, size, -1, 1), random(59, size, -2, 2), random(60, cols, 0.5f, 2), random(61, cols, -1, 1),
                new float[(int) size], new float[cols], new float[cols]);
    }

    // ------------------------------------------------------------------ softmax, loss, metrics

    static Stream<Arguments> softmaxShapes() {
        return Arrays.stream(SOFTMAX_ROWS).boxed().flatMap(rows ->
                IntStream.concat(IntStream.of(10), sizes()).mapToObj(cols -> Arguments.of(rows, cols)));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("softmaxShapes")
    void softmaxAndBackward(int rows, int cols) {
        long size = (long) rows * cols;
        assertParity("softmax", TRANSCENDENTAL, (kernels, s) -> kernels.softmax(s[0], s[1], rows, cols),
                random(70, size, -8, 8), new float[(int) size]);
        assertParity("softmaxBackward", TRANSCENDENTAL,
                (kernels, s) -> kernels.softmaxBackward(s[0], s[1], s[2], rows, cols),
                random(71, size, 0, 1), random(72, size, -1, 1), new float[(int) size]);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("softmaxShapes")
    void crossEntropyAndItsGradient(int rows, int cols) {
        long size = (long) rows * cols;
        int[] labels = labels(73, rows, cols);
        float[] p = random(74, size, 0, 1);
        assertParity("softmaxCrossEntropyBackward", TIGHT,
                (kernels, s) -> kernels.softmaxCrossEntropyBackward(s[0], labels, s[1], rows, cols, 1f / rows),
                p, new float[(int) size]);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] expected = segments(arena, new float[][] {p}, false);
            MemorySegment[] actual = segments(arena, new float[][] {p}, true);
            double reference = SCALAR.sparseCrossEntropy(expected[0], labels, rows, cols, 1e-7f);
            assertEquals(reference, VECTOR.sparseCrossEntropy(actual[0], labels, rows, cols, 1e-7f), 1e-9 * (1 + reference));
        }
    }

    // ------------------------------------------------------------------ losses on float targets

    @FunctionalInterface
    interface Reduction {
        double run(Kernels kernels, MemorySegment[] segments);
    }

    /** A reduction of both implementations over copies of {@code initial} (the vector one misaligned). */
    private static void assertReductionParity(String what, double tolerance, Reduction reduction, float[]... initial) {
        try (Arena arena = Arena.ofConfined()) {
            double expected = reduction.run(SCALAR, segments(arena, initial, false));
            double actual = reduction.run(VECTOR, segments(arena, initial, true));
            assertEquals(expected, actual, tolerance * (1 + Math.abs(expected)), what);
        }
    }

    /** Probabilities in [0, 1] with exact 0s and 1s sprinkled in, so the clip is exercised. */
    private static float[] probabilitiesWithEdges(long seed, long n) {
        float[] p = random(seed, n, 0, 1);
        for (int i = 0; i < p.length; i += 7) {
            p[i] = (i / 7) % 2 == 0 ? 0f : 1f;
        }
        return p;
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void regressionLossesAndGradients(int n) {
        float[] p = random(80, n, -3, 3);
        float[] t = random(81, n, -3, 3);
        t[0] = p[0]; // an exact tie: sign 0
        assertReductionParity("squaredErrorSum", TRANSCENDENTAL, (k, s) -> k.squaredErrorSum(s[0], s[1], n), p, t);
        assertReductionParity("absoluteErrorSum", TRANSCENDENTAL, (k, s) -> k.absoluteErrorSum(s[0], s[1], n), p, t);
        assertParity("differenceScaled", TIGHT, (k, s) -> k.differenceScaled(s[0], s[1], s[2], n, 0.37f), p, t, new float[n]);
        assertParity("absoluteErrorBackward", TIGHT, (k, s) -> k.absoluteErrorBackward(s[0], s[1], s[2], n, 0.37f),
                p, t, new float[n]);
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void binaryCrossEntropyAndGradient(int n) {
        float[] p = probabilitiesWithEdges(82, n);
        float[] t = random(83, n, 0, 1);
        assertReductionParity("binaryCrossEntropySum", TRANSCENDENTAL, (k, s) -> k.binaryCrossEntropySum(s[0], s[1], n, 1e-7f), p, t);
        assertParity("binaryCrossEntropyBackward", TRANSCENDENTAL,
                (k, s) -> k.binaryCrossEntropyBackward(s[0], s[1], s[2], n, 1e-7f, 0.25f), p, t, new float[n]);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("softmaxShapes")
    void categoricalCrossEntropyAndGradient(int rows, int cols) {
        long size = (long) rows * cols;
        float[] p = probabilitiesWithEdges(84, size);
        p[(int) size - 1] = 0.5f; // no row sums to 0
        for (int r = 0; r < rows; r++) {
            p[r * cols + cols - 1] += 0.5f;
        }
        float[] t = random(85, size, 0, 1);
        assertReductionParity("categoricalCrossEntropySum", TRANSCENDENTAL,
                (k, s) -> k.categoricalCrossEntropySum(s[0], s[1], rows, cols, 1e-7f), p, t);
        assertParity("categoricalCrossEntropyBackward", TRANSCENDENTAL,
                (k, s) -> k.categoricalCrossEntropyBackward(s[0], s[1], s[2], rows, cols, 1e-7f, 1f / rows),
                p, t, new float[(int) size]);
    }

    /** Probabilities quantized to quarters, so ties are common and the first maximum must win. */
    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("softmaxShapes")
    void countCorrectWithTies(int rows, int cols) {
        float[] p = random(75, (long) rows * cols, 0, 1);
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.round(p[i] * 4) / 4f;
        }
        int[] predicted = new int[rows];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] expected = segments(arena, new float[][] {p}, false);
            MemorySegment[] actual = segments(arena, new float[][] {p}, true);
            for (int r = 0; r < rows; r++) {
                predicted[r] = ScalarKernels.argMax(expected[0], (long) r * cols, cols);
            }
            assertEquals(rows, SCALAR.countCorrect(expected[0], predicted, rows, cols));
            assertEquals(rows, VECTOR.countCorrect(actual[0], predicted, rows, cols));
            int[] labels = labels(76, rows, cols);
            assertEquals(SCALAR.countCorrect(expected[0], labels, rows, cols),
                    VECTOR.countCorrect(actual[0], labels, rows, cols));
        }
    }

    /**
     * The first NaN or infinity, planted at the first, a middle and the last index (a second one
     * after it must not win), among finite extremes that x − x must not flag: ±Float.MAX_VALUE,
     * subnormals, −0.
     */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void firstNonFinite(int n) {
        float[] x = random(77, n, -1, 1);
        float[] finite = {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -0f};
        for (int i = 0; i < n; i += 5) {
            x[i] = finite[(i / 5) % finite.length];
        }
        try (Arena arena = Arena.ofConfined()) {
            for (boolean misaligned : new boolean[] {false, true}) {
                MemorySegment s = segments(arena, new float[][] {x}, misaligned)[0];
                assertEquals(-1, SCALAR.firstNonFinite(s, n));
                assertEquals(-1, VECTOR.firstNonFinite(s, n));
                for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                    for (int at : new int[] {0, n / 2, n - 1}) {
                        s.setAtIndex(ValueLayout.JAVA_FLOAT, at, bad);
                        if (at + 1 < n) {
                            s.setAtIndex(ValueLayout.JAVA_FLOAT, n - 1, Float.NaN);
                        }
                        assertEquals(at, SCALAR.firstNonFinite(s, n), "scalar, " + bad + " at " + at);
                        assertEquals(at, VECTOR.firstNonFinite(s, n), "vector, " + bad + " at " + at);
                        s.setAtIndex(ValueLayout.JAVA_FLOAT, at, x[at]);
                        s.setAtIndex(ValueLayout.JAVA_FLOAT, n - 1, x[n - 1]);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ edge values

    /** Inputs where exp overflows or underflows in float; 37 elements cover body and tail on every species. */
    private static float[] extremes() {
        float[] base = {-100, -88, -87.5f, -20, -1e-3f, -0f, 0f, 1e-3f, 20, 87.5f, 88, 100};
        float[] x = new float[37];
        for (int i = 0; i < x.length; i++) {
            x[i] = base[i % base.length];
        }
        return x;
    }

    @Test
    void reluAtZero() {
        float[] x = {-0f, 0f, -1e-30f, 1e-30f, -0f, 0f, -0f, 0f, -0f, 0f, -0f, 0f, -0f, 0f, -0f, 0f, -0f, 0f};
        int n = x.length;
        assertParity("relu at 0", 0, (kernels, s) -> kernels.relu(s[0], s[1], n), x, random(80, n, 1, 2));
        assertParity("reluBackward at 0", 0, (kernels, s) -> kernels.reluBackward(s[0], s[1], s[2], n),
                x, random(81, n, 1, 2), random(82, n, 1, 2));
    }

    @Test
    void expBasedKernelsStayFiniteAtLargeMagnitudes() {
        float[] x = extremes();
        int n = x.length;
        float[] dy = random(83, n, -1, 1);
        assertParity("selu extremes", TRANSCENDENTAL,
                (kernels, s) -> kernels.elu(s[0], s[1], n, SELU_ALPHA, SELU_SCALE), x, new float[n]);
        assertParity("seluBackward extremes", TRANSCENDENTAL,
                (kernels, s) -> kernels.eluBackward(s[0], s[1], s[2], n, SELU_ALPHA, SELU_SCALE), x, dy, new float[n]);
        assertParity("sigmoid extremes", TRANSCENDENTAL, (kernels, s) -> kernels.sigmoid(s[0], s[1], n), x, new float[n]);
        assertParity("tanh extremes", TRANSCENDENTAL, (kernels, s) -> kernels.tanh(s[0], s[1], n), x, new float[n]);
    }

    @Test
    void softmaxOfLargeLogitsIsFiniteAndNormalized() {
        int rows = 3;
        int cols = 10;
        float[] logits = new float[rows * cols];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (i % 3 - 1) * 1000f + i; // −1000…+1000: exp without the max shift overflows
        }
        assertParity("softmax large logits", TRANSCENDENTAL, (kernels, s) -> kernels.softmax(s[0], s[1], rows, cols),
                logits, new float[rows * cols]);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] segments = segments(arena, new float[][] {logits, new float[rows * cols]}, false);
            VECTOR.softmax(segments[0], segments[1], rows, cols);
            float[] y = segments[1].toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    sum += y[r * cols + j];
                }
                assertEquals(1.0, sum, 1e-6);
            }
        }
    }

    @Test
    void crossEntropyClipsZeroAndOne() {
        float eps = 1e-7f;
        float[] p = {0f, 1f, 0f, 1f};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = segments(arena, new float[][] {p}, true)[0];
            double expected = -Math.log(eps) - Math.log(1 - eps);
            assertEquals(expected, VECTOR.sparseCrossEntropy(segment, new int[] {0, 1}, 2, 2, eps), 1e-6);
            assertEquals(expected, SCALAR.sparseCrossEntropy(segment, new int[] {0, 1}, 2, 2, eps), 1e-6);
        }
    }
}
