package dev.tensorlane.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hand-computed values for the reference kernels, so that the oracle of the parity tests is trustworthy. */
class ScalarKernelsTest {

    private static final float TOLERANCE = 1e-6f;

    private final Kernels kernels = new ScalarKernels();
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void closeArena() {
        arena.close();
    }

    private MemorySegment segment(float... values) {
        MemorySegment s = arena.allocate((long) values.length * Float.BYTES, 64);
        MemorySegment.copy(values, 0, s, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, values.length);
        return s;
    }

    private static float[] values(MemorySegment s) {
        return s.toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
    }

    private static void assertValues(float[] expected, MemorySegment actual) {
        assertArrayEquals(expected, values(actual), TOLERANCE);
    }

    @Test
    void describesItselfAsScalar() {
        assertEquals(0, kernels.vectorBits());
        assertEquals("scalar", kernels.description());
    }

    // [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]
    @Test
    void matmulOfTwoByThreeAndThreeByTwo() {
        MemorySegment a = segment(1, 2, 3, 4, 5, 6);
        MemorySegment b = segment(7, 8, 9, 10, 11, 12);
        MemorySegment c = segment(100, 100, 100, 100);
        kernels.matmul(a, b, null, c, 2, 3, 2, false);
        assertValues(new float[] {58, 64, 139, 154}, c);
    }

    @Test
    void matmulAddsBiasToEveryRowAndAccumulates() {
        MemorySegment a = segment(1, 2, 3, 4, 5, 6);
        MemorySegment b = segment(7, 8, 9, 10, 11, 12);
        MemorySegment c = segment(1, 2, 3, 4);
        kernels.matmul(a, b, segment(10, -10), c, 2, 3, 2, true);
        assertValues(new float[] {1 + 58 + 10, 2 + 64 - 10, 3 + 139 + 10, 4 + 154 - 10}, c);
    }

    @Test
    void transposedProductsMatchThePlainProduct() {
        MemorySegment aTransposed = segment(1, 4, 2, 5, 3, 6);      // [[1,2,3],[4,5,6]]ᵀ stored 3×2
        MemorySegment b = segment(7, 8, 9, 10, 11, 12);
        MemorySegment c = segment(0, 0, 0, 0);
        kernels.matmulTransA(aTransposed, b, c, 2, 3, 2, false);
        assertValues(new float[] {58, 64, 139, 154}, c);

        MemorySegment a = segment(1, 2, 3, 4, 5, 6);
        MemorySegment bTransposed = segment(7, 9, 11, 8, 10, 12);  // B stored 2×3
        kernels.matmulTransB(a, bTransposed, c, 2, 3, 2, true);
        assertValues(new float[] {116, 128, 278, 308}, c);
    }

    @Test
    void transposeAndColumnSums() {
        MemorySegment x = segment(1, 2, 3, 4, 5, 6);
        MemorySegment t = segment(0, 0, 0, 0, 0, 0);
        kernels.transpose(x, t, 2, 3);
        assertValues(new float[] {1, 4, 2, 5, 3, 6}, t);

        MemorySegment sums = segment(1, 1, 1);
        kernels.sumRows(x, sums, 2, 3, false);
        assertValues(new float[] {5, 7, 9}, sums);
        kernels.sumRows(x, sums, 2, 3, true);
        assertValues(new float[] {10, 14, 18}, sums);
    }

    // x = [[1,2],[3,6]]: mean [2,4], biased variance [1,4]; with eps 0, invStd [1, 0.5], xhat ±1
    @Test
    void batchNormTrainingOnTwoByTwo() {
        MemorySegment x = segment(1, 2, 3, 6);
        MemorySegment y = segment(0, 0, 0, 0);
        MemorySegment xhat = segment(0, 0, 0, 0);
        MemorySegment mean = segment(0, 0);
        MemorySegment variance = segment(0, 0);
        MemorySegment invStd = segment(0, 0);
        kernels.batchNormTraining(x, y, xhat, 2, 2, segment(2, 1), segment(0.5f, 0), 0f, mean, variance, invStd);
        assertValues(new float[] {2, 4}, mean);
        assertValues(new float[] {1, 4}, variance);
        assertValues(new float[] {1, 0.5f}, invStd);
        assertValues(new float[] {-1, -1, 1, 1}, xhat);
        assertValues(new float[] {-1.5f, -1, 2.5f, 1}, y); // gamma·xhat + beta
    }

    @Test
    void batchNormInferenceUsesMovingStatistics() {
        MemorySegment x = segment(3, 10);
        MemorySegment y = segment(0, 0);
        // (3 − 1)/sqrt(4) · 2 + 1 = 3 and (10 − 2)/sqrt(16) · 1 + 0 = 2
        kernels.batchNormInference(x, y, 1, 2, segment(2, 1), segment(1, 0), segment(1, 2), segment(4, 16), 0f);
        assertValues(new float[] {3, 2}, y);
    }

    // dy [1,2,3], xhat [−1,0,2], invStd 0.5, gamma 2: dbeta 6, dgamma 5, dx = (3·dy − 6 − 5·xhat)/3
    @Test
    void batchNormBackwardOnOneColumn() {
        MemorySegment dx = segment(0, 0, 0);
        MemorySegment dgamma = segment(99);
        MemorySegment dbeta = segment(99);
        kernels.batchNormBackward(segment(1, 2, 3), segment(-1, 0, 2), segment(0.5f), segment(2), dx, dgamma, dbeta, 3, 1);
        assertValues(new float[] {6}, dbeta);
        assertValues(new float[] {5}, dgamma);
        assertValues(new float[] {2f / 3, 0, -7f / 3}, dx);
    }

    @Test
    void movingAverageFollowsKeras() {
        MemorySegment moving = segment(0, 1);
        kernels.movingAverage(moving, segment(10, 2), 2, 0.99f);
        assertValues(new float[] {0.1f, 1.01f}, moving);
    }

    // First Adam step from m = v = 0: lrT = 0.001·sqrt(1 − 0.999)/(1 − 0.9); w moves by about lr·sign(g)
    @Test
    void oneAdamStep() {
        MemorySegment w = segment(1);
        MemorySegment m = segment(0);
        MemorySegment v = segment(0);
        float lrT = (float) (0.001 * Math.sqrt(1 - 0.999) / (1 - 0.9));
        kernels.adam(w, segment(0.5f), m, v, 1, lrT, 0.9f, 0.999f, 1e-7f);
        assertValues(new float[] {0.05f}, m);
        assertValues(new float[] {2.5e-4f}, v);
        assertEquals(0.9990000063245154, values(w)[0], 1e-7);
    }

    @Test
    void sgdWithoutMomentum() {
        MemorySegment w = segment(1);
        kernels.sgd(w, segment(0.5f), null, 1, 0.1f, 0f, false);
        assertValues(new float[] {0.95f}, w);
    }

    // Keras: v = 0.9·0.2 − 0.1·0.5 = 0.13; plain w += v; Nesterov w += 0.9·0.13 − 0.05 = 0.067
    @Test
    void sgdWithMomentumAndNesterov() {
        MemorySegment w = segment(1);
        MemorySegment velocity = segment(0.2f);
        kernels.sgd(w, segment(0.5f), velocity, 1, 0.1f, 0.9f, false);
        assertValues(new float[] {0.13f}, velocity);
        assertValues(new float[] {1.13f}, w);

        MemorySegment wNesterov = segment(1);
        MemorySegment velocityNesterov = segment(0.2f);
        kernels.sgd(wNesterov, segment(0.5f), velocityNesterov, 1, 0.1f, 0.9f, true);
        assertValues(new float[] {0.13f}, velocityNesterov);
        assertValues(new float[] {1.067f}, wNesterov);
    }

    @Test
    void invertedDropoutKeepsUnitsAtOrAboveRate() {
        MemorySegment y = segment(9, 9, 9);
        kernels.dropout(segment(2, 2, 2), segment(0.4f, 0.5f, 0.9f), y, 3, 0.5f);
        assertValues(new float[] {0, 4, 4}, y);
        kernels.dropoutBackward(segment(0.4f, 0.5f, 0.9f), segment(1, 1, 1), y, 3, 0.5f);
        assertValues(new float[] {0, 2, 2}, y);
    }

    // rate 0.2, SELU's alpha' = −1.7580993: a = ((0.8)(1 + 0.2·alpha'²))^−½ = 0.8789036, b = −a·alpha'·0.2 = 0.3090400
    @Test
    void alphaDropoutOnKnownDraws() {
        float alphaP = (float) -(1.6732632423543772848 * 1.0507009873554804934);
        float a = 0.8789035834435328f;
        float b = 0.30903996214409446f;
        MemorySegment y = segment(0, 0);
        kernels.alphaDropout(segment(3, 3), segment(0.1f, 0.5f), y, 2, 0.2f, a, b, alphaP);
        assertValues(new float[] {-1.2361598f, 2.9457507f}, y);
        kernels.alphaDropoutBackward(segment(0.1f, 0.5f), segment(2, 2), y, 2, 0.2f, a);
        assertValues(new float[] {0, 2 * a}, y);
    }

    @Test
    void softmaxOfOneTwoThree() {
        MemorySegment y = segment(0, 0, 0, 0, 0, 0);
        kernels.softmax(segment(1, 2, 3, 1001, 1002, 1003), y, 2, 3);
        float[] expected = {0.09003057f, 0.24472847f, 0.66524096f};
        assertValues(new float[] {expected[0], expected[1], expected[2], expected[0], expected[1], expected[2]}, y);
    }

    // dx_i = y_i·(dy_i − Σ dy·y); y = [0.25, 0.75], dy = [1, 3]: Σ = 2.5, dx = [−0.375, 0.375]
    @Test
    void softmaxBackwardOnOneRow() {
        MemorySegment dx = segment(0, 0);
        kernels.softmaxBackward(segment(0.25f, 0.75f), segment(1, 3), dx, 1, 2);
        assertValues(new float[] {-0.375f, 0.375f}, dx);
    }

    @Test
    void activationsAtKnownPoints() {
        MemorySegment x = segment(-1, 0, 2);
        MemorySegment y = segment(0, 0, 0);
        kernels.relu(x, y, 3);
        assertValues(new float[] {0, 0, 2}, y);
        kernels.elu(x, y, 3, 1f, 1f);
        assertValues(new float[] {(float) (Math.exp(-1) - 1), 0, 2}, y);
        kernels.sigmoid(x, y, 3);
        assertValues(new float[] {(float) (1 / (1 + Math.E)), 0.5f, (float) (1 / (1 + Math.exp(-2)))}, y);
        kernels.tanh(x, y, 3);
        assertValues(new float[] {(float) Math.tanh(-1), 0, (float) Math.tanh(2)}, y);
        kernels.elu(x, y, 3, 2f, 3f); // y = 3·(x > 0 ? x : 2·(exp(x) − 1)) = {6/e − 6, 0, 6}
        MemorySegment dx = segment(0, 0, 0);
        kernels.eluBackward(y, segment(1, 1, 1), dx, 3, 2f, 3f);
        // from y: y > 0 ? scale : y + scale·alpha (= scale·alpha·exp(x), so 6 at x = 0)
        assertValues(new float[] {(float) (6 * Math.exp(-1)), 6, 3}, dx);
        kernels.elu(x, y, 3, 0f, 1f); // alpha 0: y = {−0, 0, 2}, no gradient below 0
        kernels.eluBackward(y, segment(1, 1, 1), dx, 3, 0f, 1f);
        assertValues(new float[] {0, 0, 1}, dx);
    }

    @Test
    void crossEntropySumsNegativeLogOfTheLabelsProbability() {
        MemorySegment p = segment(0.2f, 0.8f, 0.5f, 0.5f);
        double loss = kernels.sparseCrossEntropy(p, new int[] {1, 0}, 2, 2, 1e-7f);
        assertEquals(-Math.log(0.8f) - Math.log(0.5), loss, 1e-7);
    }

    @Test
    void crossEntropyClipsZeroAndOne() {
        MemorySegment p = segment(0f, 1f);
        assertEquals(-Math.log(1e-7f), kernels.sparseCrossEntropy(p, new int[] {0}, 1, 2, 1e-7f), 1e-6);
        assertEquals(-Math.log(1 - 1e-7f), kernels.sparseCrossEntropy(p, new int[] {1}, 1, 2, 1e-7f), 1e-12);
    }

    @Test
    void fusedSoftmaxCrossEntropyGradient() {
        MemorySegment dlogits = segment(0, 0, 0, 0);
        kernels.softmaxCrossEntropyBackward(segment(0.2f, 0.8f, 0.5f, 0.5f), new int[] {1, 0}, dlogits, 2, 2, 0.5f);
        assertValues(new float[] {0.1f, -0.1f, -0.25f, 0.25f}, dlogits);
    }

    @Test
    void countCorrectTakesTheFirstMaximumOnTies() {
        MemorySegment p = segment(0.5f, 0.5f, 0f, 0.1f, 0.2f, 0.7f);
        assertEquals(2, kernels.countCorrect(p, new int[] {0, 2}, 2, 3));
        assertEquals(0, kernels.countCorrect(p, new int[] {1, 1}, 2, 3));
    }

    @Test
    void dotAndMultiply() {
        MemorySegment x = segment(1, 2, 3);
        MemorySegment y = segment(4, 5, 6);
        assertEquals(32.0, kernels.dot(x, y, 3));
        MemorySegment z = segment(0, 0, 0);
        kernels.multiply(x, y, z, 3);
        assertValues(new float[] {4, 10, 18}, z);
        kernels.copy(x, z, 2);
        assertValues(new float[] {1, 2, 18}, z);
    }
}
