package dev.tensorlane.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The reference kernels: plain loops that follow the formulas of {@link Kernels} one to one.
 *
 * <p>Tests use this class as the oracle for {@code VectorKernels}, so clarity beats speed here.
 * Sums over many terms (matrix products, column sums, batch statistics, dot, cross-entropy) are
 * accumulated in double; element-wise updates are computed in float like the engine's tensors.
 */
public final class ScalarKernels implements Kernels {

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    @Override
    public int vectorBits() {
        return 0;
    }

    @Override
    public int threads() {
        return 1;
    }

    /** The reference stays single-threaded: returns itself. */
    @Override
    public Kernels withThreads(int threads) {
        return this;
    }

    @Override
    public String description() {
        return "scalar";
    }

    private static float get(MemorySegment s, long i) {
        return s.getAtIndex(F, i);
    }

    private static void set(MemorySegment s, long i, float v) {
        s.setAtIndex(F, i, v);
    }

    // ------------------------------------------------------------------ matrix products

    @Override
    public void matmul(MemorySegment a, MemorySegment b, MemorySegment bias, MemorySegment c,
                       int m, int k, int n, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) get(a, (long) i * k + p) * get(b, (long) p * n + j);
                }
                if (bias != null) {
                    sum += get(bias, j);
                }
                storeResult(c, (long) i * n + j, sum, accumulate);
            }
        }
    }

    @Override
    public void matmulTransA(MemorySegment a, MemorySegment b, MemorySegment c,
                             int m, int k, int n, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) get(a, (long) p * m + i) * get(b, (long) p * n + j); // A[p][i]·B[p][j]
                }
                storeResult(c, (long) i * n + j, sum, accumulate);
            }
        }
    }

    @Override
    public void matmulTransB(MemorySegment a, MemorySegment b, MemorySegment c,
                             int m, int k, int n, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) get(a, (long) i * k + p) * get(b, (long) j * k + p); // A[i][p]·B[j][p]
                }
                storeResult(c, (long) i * n + j, sum, accumulate);
            }
        }
    }

    /** {@code c[index] = (accumulate ? c[index] : 0) + value}. */
    private static void storeResult(MemorySegment c, long index, double value, boolean accumulate) {
        double previous = accumulate ? get(c, index) : 0;
        set(c, index, (float) (previous + value));
    }

    @Override
    public void transpose(MemorySegment src, MemorySegment dst, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                set(dst, (long) j * rows + i, get(src, (long) i * cols + j));
            }
        }
    }

    @Override
    public void sumRows(MemorySegment x, MemorySegment out, int rows, int cols, boolean accumulate) {
        for (int j = 0; j < cols; j++) {
            double sum = 0;
            for (int i = 0; i < rows; i++) {
                sum += get(x, (long) i * cols + j);
            }
            storeResult(out, j, sum, accumulate);
        }
    }

    // ------------------------------------------------------------------ element-wise helpers

    @Override
    public void copy(MemorySegment x, MemorySegment y, long n) {
        for (long i = 0; i < n; i++) {
            set(y, i, get(x, i));
        }
    }

    @Override
    public void multiply(MemorySegment x, MemorySegment dy, MemorySegment y, long n) {
        for (long i = 0; i < n; i++) {
            set(y, i, get(x, i) * get(dy, i));
        }
    }

    @Override
    public double dot(MemorySegment x, MemorySegment y, long n) {
        double sum = 0;
        for (long i = 0; i < n; i++) {
            sum += (double) get(x, i) * get(y, i);
        }
        return sum;
    }

    // ------------------------------------------------------------------ activations

    @Override
    public void relu(MemorySegment x, MemorySegment y, long n) {
        for (long i = 0; i < n; i++) {
            set(y, i, Math.max(get(x, i), 0f));
        }
    }

    @Override
    public void reluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        for (long i = 0; i < n; i++) {
            set(dx, i, get(x, i) > 0 ? get(dy, i) : 0f);
        }
    }

    @Override
    public void elu(MemorySegment x, MemorySegment y, long n, float alpha, float scale) {
        for (long i = 0; i < n; i++) {
            double xi = get(x, i);
            double value = xi > 0 ? xi : alpha * Math.expm1(xi); // expm1(x) = exp(x) - 1, exact near 0
            set(y, i, (float) (scale * value));
        }
    }

    @Override
    public void eluBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n, float alpha, float scale) {
        float scaleAlpha = scale * alpha; // the float product the forward's −scale·alpha saturates at
        for (long i = 0; i < n; i++) {
            float yi = get(y, i);
            double slope = yi > 0 ? scale : (double) yi + scaleAlpha;
            set(dx, i, (float) (get(dy, i) * slope));
        }
    }

    @Override
    public void sigmoid(MemorySegment x, MemorySegment y, long n) {
        for (long i = 0; i < n; i++) {
            set(y, i, (float) (1 / (1 + flushedExp(Math.min(-get(x, i), -EXP_FLUSH_BELOW)))));
        }
    }

    @Override
    public void sigmoidBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n) {
        for (long i = 0; i < n; i++) {
            float yi = get(y, i);
            set(dx, i, get(dy, i) * yi * (1 - yi));
        }
    }

    @Override
    public void tanh(MemorySegment x, MemorySegment y, long n) {
        for (long i = 0; i < n; i++) {
            set(y, i, (float) Math.tanh(get(x, i)));
        }
    }

    @Override
    public void tanhBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n) {
        for (long i = 0; i < n; i++) {
            float yi = get(y, i);
            set(dx, i, get(dy, i) * (1 - yi * yi));
        }
    }

    @Override
    public void leakyRelu(MemorySegment x, MemorySegment y, long n, float negativeSlope, float threshold, float maxValue) {
        for (long i = 0; i < n; i++) {
            float xi = get(x, i);
            set(y, i, xi < threshold ? negativeSlope * (xi - threshold) : Math.min(xi, maxValue));
        }
    }

    @Override
    public void leakyReluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n,
                                  float negativeSlope, float threshold, float maxValue) {
        for (long i = 0; i < n; i++) {
            float xi = get(x, i);
            float slope = xi < threshold ? negativeSlope : xi < maxValue ? 1f : 0f;
            set(dx, i, get(dy, i) * slope);
        }
    }

    @Override
    public void prelu(MemorySegment x, MemorySegment alpha, MemorySegment y, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                long idx = (long) r * cols + j;
                float xi = get(x, idx);
                set(y, idx, xi > 0 ? xi : get(alpha, j) * xi);
            }
        }
    }

    @Override
    public void preluBackward(MemorySegment x, MemorySegment alpha, MemorySegment dy, MemorySegment dx,
                              MemorySegment dalpha, int rows, int cols) {
        preluBackwardColumns(x, alpha, dy, dx, dalpha, rows, cols, 0, cols);
    }

    /** {@link #preluBackward} for the columns [j0, j1) only (also VectorKernels' scalar tail). */
    static void preluBackwardColumns(MemorySegment x, MemorySegment alpha, MemorySegment dy, MemorySegment dx,
                                     MemorySegment dalpha, int rows, int cols, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            double sum = 0; // Σ_rows dy·x over the negative side
            for (int r = 0; r < rows; r++) {
                long idx = (long) r * cols + j;
                float xi = get(x, idx);
                float dyi = get(dy, idx);
                boolean positive = xi > 0;
                set(dx, idx, positive ? dyi : dyi * get(alpha, j));
                sum += positive ? 0 : (double) dyi * xi;
            }
            set(dalpha, j, (float) sum);
        }
    }

    @Override
    public void rrelu(MemorySegment x, MemorySegment u, MemorySegment y, long n, float lower, float upper) {
        float width = upper - lower;
        for (long i = 0; i < n; i++) {
            float xi = get(x, i);
            set(y, i, xi >= 0 ? xi : (get(u, i) * width + lower) * xi);
        }
    }

    @Override
    public void rreluBackward(MemorySegment x, MemorySegment u, MemorySegment dy, MemorySegment dx, long n,
                              float lower, float upper) {
        float width = upper - lower;
        for (long i = 0; i < n; i++) {
            float dyi = get(dy, i);
            set(dx, i, get(x, i) >= 0 ? dyi : (get(u, i) * width + lower) * dyi);
        }
    }

    @Override
    public void softplus(MemorySegment x, MemorySegment y, long n) {
        for (long i = 0; i < n; i++) {
            double xi = get(x, i);
            set(y, i, (float) (Math.max(xi, 0) + Math.log1p(flushedExp(-Math.abs(xi)))));
        }
    }

    @Override
    public void softplusBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        for (long i = 0; i < n; i++) {
            set(dx, i, (float) (get(dy, i) * sigmoid(get(x, i))));
        }
    }

    /** {@code 1 / (1 + exp(min(−x, 64)))}, as the sigmoid kernel computes it. */
    private static double sigmoid(double x) {
        return 1 / (1 + flushedExp(Math.min(-x, -EXP_FLUSH_BELOW)));
    }

    @Override
    public void softsign(MemorySegment x, MemorySegment y, long n) {
        for (long i = 0; i < n; i++) {
            float xi = get(x, i);
            set(y, i, xi / (1 + Math.abs(xi)));
        }
    }

    @Override
    public void softsignBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        for (long i = 0; i < n; i++) {
            float d = 1 + Math.abs(get(x, i));
            set(dx, i, get(dy, i) / (d * d));
        }
    }

    @Override
    public void swish(MemorySegment x, MemorySegment y, long n) {
        for (long i = 0; i < n; i++) {
            double xi = get(x, i);
            set(y, i, (float) (xi * sigmoid(xi)));
        }
    }

    @Override
    public void swishBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        for (long i = 0; i < n; i++) {
            double xi = get(x, i);
            double s = sigmoid(xi);
            set(dx, i, (float) (get(dy, i) * s * (1 + xi * (1 - s))));
        }
    }

    @Override
    public void gelu(MemorySegment x, MemorySegment y, long n) {
        for (long i = 0; i < n; i++) {
            double xi = get(x, i);
            set(y, i, (float) (xi * normalCdf(xi)));
        }
    }

    @Override
    public void geluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        for (long i = 0; i < n; i++) {
            double xi = get(x, i);
            double density = flushedExp(Math.max(-0.5 * xi * xi, EXP_FLUSH_BELOW - 1)) * INV_SQRT_2PI; // φ(x)
            set(dx, i, (float) (get(dy, i) * (normalCdf(xi) + xi * density)));
        }
    }

    private static final double INV_SQRT_2 = 0.70710678118654752440;
    private static final double INV_SQRT_2PI = 0.39894228040143267794;

    /** Φ(x) = (1 + erf(x/√2)) / 2. */
    private static double normalCdf(double x) {
        return 0.5 * (1 + erf(x * INV_SQRT_2));
    }

    /** Abramowitz–Stegun 7.1.28: {@code erf(z) = 1 − (1 + a1·z + … + a6·z⁶)^−16} for z ≥ 0, odd in z. */
    static double erf(double z) {
        double a = Math.min(Math.abs(z), ERF_SATURATES_AT);
        double p = 1 + a * (ERF_A[0] + a * (ERF_A[1] + a * (ERF_A[2] + a * (ERF_A[3] + a * (ERF_A[4] + a * ERF_A[5])))));
        double p2 = p * p;
        double p4 = p2 * p2;
        double p8 = p4 * p4;
        double value = 1 - 1 / (p8 * p8);
        return z < 0 ? -value : value;
    }

    /** The coefficients a1 … a6 of Abramowitz–Stegun 7.1.28. */
    static final double[] ERF_A = {0.0705230784, 0.0422820123, 0.0092705272, 0.0001520143, 0.0002765672, 0.0000430638};

    @Override
    public void exponential(MemorySegment x, MemorySegment y, long n) {
        for (long i = 0; i < n; i++) {
            float xi = get(x, i);
            set(y, i, xi > EXP_OVERFLOWS_ABOVE ? Float.POSITIVE_INFINITY : (float) flushedExp(xi));
        }
    }

    @Override
    public void hardSigmoid(MemorySegment x, MemorySegment y, long n) {
        for (long i = 0; i < n; i++) {
            set(y, i, Math.min(Math.max(get(x, i) / 6f + 0.5f, 0f), 1f));
        }
    }

    @Override
    public void hardSigmoidBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        for (long i = 0; i < n; i++) {
            float xi = get(x, i);
            set(dx, i, xi > -3f && xi < 3f ? get(dy, i) / 6f : 0f);
        }
    }

    @Override
    public void softmax(MemorySegment x, MemorySegment y, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, get(x, row + j));
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += flushedExp(get(x, row + j) - max);
            }
            for (int j = 0; j < cols; j++) {
                set(y, row + j, (float) (flushedExp(get(x, row + j) - max) / sum));
            }
        }
    }

    @Override
    public void softmaxBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols;
            double dyDotY = 0; // Σ_j dy_j y_j
            for (int j = 0; j < cols; j++) {
                dyDotY += (double) get(dy, row + j) * get(y, row + j);
            }
            for (int j = 0; j < cols; j++) {
                set(dx, row + j, (float) (get(y, row + j) * (get(dy, row + j) - dyDotY)));
            }
        }
    }

    // ------------------------------------------------------------------ batch normalization

    @Override
    public void batchNormTraining(MemorySegment x, MemorySegment y, MemorySegment xhat, int rows, int cols,
                                  MemorySegment gamma, MemorySegment beta, float eps,
                                  MemorySegment mean, MemorySegment variance, MemorySegment invStd) {
        batchNormTrainingColumns(x, y, xhat, rows, cols, gamma, beta, eps, mean, variance, invStd, 0, cols);
    }

    /** {@link #batchNormTraining} for the columns [j0, j1) only (also VectorKernels' scalar tail). */
    static void batchNormTrainingColumns(MemorySegment x, MemorySegment y, MemorySegment xhat, int rows, int cols,
                                         MemorySegment gamma, MemorySegment beta, float eps, MemorySegment mean,
                                         MemorySegment variance, MemorySegment invStd, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            double sum = 0;
            for (int i = 0; i < rows; i++) {
                sum += get(x, (long) i * cols + j);
            }
            double mu = sum / rows;
            double squares = 0; // second pass: Σ (x - mean)², no cancellation
            for (int i = 0; i < rows; i++) {
                double d = get(x, (long) i * cols + j) - mu;
                squares += d * d;
            }
            double var = squares / rows;
            double inv = 1 / Math.sqrt(var + eps);
            set(mean, j, (float) mu);
            set(variance, j, (float) var);
            set(invStd, j, (float) inv);
            for (int i = 0; i < rows; i++) {
                long idx = (long) i * cols + j;
                double normalized = (get(x, idx) - mu) * inv;
                set(xhat, idx, (float) normalized);
                set(y, idx, (float) (get(gamma, j) * normalized + get(beta, j)));
            }
        }
    }

    @Override
    public void batchNormInference(MemorySegment x, MemorySegment y, int rows, int cols,
                                   MemorySegment gamma, MemorySegment beta,
                                   MemorySegment movingMean, MemorySegment movingVariance, float eps) {
        batchNormInferenceColumns(x, y, rows, cols, gamma, beta, movingMean, movingVariance, eps, 0, cols);
    }

    /** {@link #batchNormInference} for the columns [j0, j1) only (also VectorKernels' scalar tail). */
    static void batchNormInferenceColumns(MemorySegment x, MemorySegment y, int rows, int cols,
                                          MemorySegment gamma, MemorySegment beta, MemorySegment movingMean,
                                          MemorySegment movingVariance, float eps, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            double inv = 1 / Math.sqrt((double) get(movingVariance, j) + eps);
            for (int i = 0; i < rows; i++) {
                long idx = (long) i * cols + j;
                double normalized = (get(x, idx) - get(movingMean, j)) * inv;
                set(y, idx, (float) (get(gamma, j) * normalized + get(beta, j)));
            }
        }
    }

    @Override
    public void batchNormBackward(MemorySegment dy, MemorySegment xhat, MemorySegment invStd, MemorySegment gamma,
                                  MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta, int rows, int cols) {
        batchNormBackwardColumns(dy, xhat, invStd, gamma, dx, dgamma, dbeta, rows, cols, 0, cols);
    }

    /** {@link #batchNormBackward} for the columns [j0, j1) only (also VectorKernels' scalar tail). */
    static void batchNormBackwardColumns(MemorySegment dy, MemorySegment xhat, MemorySegment invStd,
                                         MemorySegment gamma, MemorySegment dx, MemorySegment dgamma,
                                         MemorySegment dbeta, int rows, int cols, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            double sumDy = 0;
            double sumDyXhat = 0;
            for (int i = 0; i < rows; i++) {
                long idx = (long) i * cols + j;
                sumDy += get(dy, idx);
                sumDyXhat += (double) get(dy, idx) * get(xhat, idx);
            }
            set(dbeta, j, (float) sumDy);
            set(dgamma, j, (float) sumDyXhat);
            // dx = gamma·invStd/N · (N·dy − dbeta − xhat·dgamma)
            double factor = (double) get(gamma, j) * get(invStd, j) / rows;
            for (int i = 0; i < rows; i++) {
                long idx = (long) i * cols + j;
                double inner = (double) rows * get(dy, idx) - sumDy - get(xhat, idx) * sumDyXhat;
                set(dx, idx, (float) (factor * inner));
            }
        }
    }

    @Override
    public void movingAverage(MemorySegment moving, MemorySegment value, long n, float momentum) {
        for (long i = 0; i < n; i++) {
            set(moving, i, get(moving, i) * momentum + get(value, i) * (1 - momentum));
        }
    }

    // ------------------------------------------------------------------ loss and metrics

    @Override
    public double sparseCrossEntropy(MemorySegment p, int[] labels, int rows, int cols, float eps) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            float probability = get(p, (long) r * cols + labels[r]);
            float clipped = Math.min(Math.max(probability, eps), 1 - eps);
            sum -= Math.log(clipped);
        }
        return sum;
    }

    @Override
    public void softmaxCrossEntropyBackward(MemorySegment p, int[] labels, MemorySegment dlogits,
                                            int rows, int cols, float scale) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                long idx = (long) r * cols + j;
                float target = j == labels[r] ? 1f : 0f;
                set(dlogits, idx, (get(p, idx) - target) * scale);
            }
        }
    }

    @Override
    public long firstNonFinite(MemorySegment x, long n) {
        return firstNonFinite(x, 0, n);
    }

    /** {@link #firstNonFinite(MemorySegment, long)} over [from, to). */
    static long firstNonFinite(MemorySegment x, long from, long to) {
        for (long i = from; i < to; i++) {
            if (!Float.isFinite(get(x, i))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int countCorrect(MemorySegment p, int[] labels, int rows, int cols) {
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            if (argMax(p, (long) r * cols, cols) == labels[r]) {
                correct++;
            }
        }
        return correct;
    }

    // ------------------------------------------------------------------ losses on float targets

    @Override
    public double squaredErrorSum(MemorySegment p, MemorySegment t, long n) {
        double sum = 0;
        for (long i = 0; i < n; i++) {
            double d = get(p, i) - get(t, i);
            sum += d * d;
        }
        return sum;
    }

    @Override
    public double absoluteErrorSum(MemorySegment p, MemorySegment t, long n) {
        double sum = 0;
        for (long i = 0; i < n; i++) {
            sum += Math.abs(get(p, i) - get(t, i));
        }
        return sum;
    }

    @Override
    public void differenceScaled(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float scale) {
        for (long i = 0; i < n; i++) {
            set(dp, i, (get(p, i) - get(t, i)) * scale);
        }
    }

    @Override
    public void absoluteErrorBackward(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float scale) {
        for (long i = 0; i < n; i++) {
            set(dp, i, Math.signum(get(p, i) - get(t, i)) * scale);
        }
    }

    @Override
    public double binaryCrossEntropySum(MemorySegment p, MemorySegment t, long n, float eps) {
        double sum = 0;
        for (long i = 0; i < n; i++) {
            float c = Math.min(Math.max(get(p, i), eps), 1 - eps);
            float target = get(t, i);
            sum -= target * Math.log(c) + (1 - target) * Math.log(1 - c);
        }
        return sum;
    }

    @Override
    public void binaryCrossEntropyBackward(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float eps, float scale) {
        for (long i = 0; i < n; i++) {
            set(dp, i, binaryCrossEntropyGradient(get(p, i), get(t, i), eps, scale));
        }
    }

    static float binaryCrossEntropyGradient(float p, float t, float eps, float scale) {
        boolean inside = p >= eps && p <= 1 - eps;
        return inside ? ((1 - t) / (1 - p) - t / p) * scale : 0f;
    }

    @Override
    public double categoricalCrossEntropySum(MemorySegment p, MemorySegment t, int rows, int cols, float eps) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += categoricalCrossEntropyRow(p, t, (long) r * cols, cols, eps);
        }
        return sum;
    }

    /** One row of {@link #categoricalCrossEntropySum}. */
    static double categoricalCrossEntropyRow(MemorySegment p, MemorySegment t, long row, int cols, float eps) {
        float s = rowSum(p, row, cols);
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            float q = Math.min(Math.max(get(p, row + j) / s, eps), 1 - eps);
            sum -= get(t, row + j) * Math.log(q);
        }
        return sum;
    }

    @Override
    public void categoricalCrossEntropyBackward(MemorySegment p, MemorySegment t, MemorySegment dp, int rows, int cols,
                                                float eps, float scale) {
        for (int r = 0; r < rows; r++) {
            categoricalCrossEntropyBackwardRow(p, t, dp, (long) r * cols, cols, eps, scale);
        }
    }

    /** One row of {@link #categoricalCrossEntropyBackward}. */
    static void categoricalCrossEntropyBackwardRow(MemorySegment p, MemorySegment t, MemorySegment dp, long row, int cols,
                                                   float eps, float scale) {
        float s = rowSum(p, row, cols);
        float unclippedTargets = 0;
        for (int j = 0; j < cols; j++) {
            float q = get(p, row + j) / s;
            if (q >= eps && q <= 1 - eps) {
                unclippedTargets += get(t, row + j);
            }
        }
        float perSum = scale / s;
        for (int j = 0; j < cols; j++) {
            float q = get(p, row + j) / s;
            float g = q >= eps && q <= 1 - eps ? get(t, row + j) / q : 0f;
            set(dp, row + j, (unclippedTargets - g) * perSum);
        }
    }

    static float rowSum(MemorySegment p, long row, int cols) {
        float s = 0;
        for (int j = 0; j < cols; j++) {
            s += get(p, row + j);
        }
        return s;
    }

    /** Index of the first maximum of {@code p[row .. row+cols)} (numpy's argmax for finite values). */
    static int argMax(MemorySegment p, long row, int cols) {
        int best = 0;
        float bestValue = get(p, row);
        for (int j = 1; j < cols; j++) {
            float value = get(p, row + j);
            if (value > bestValue) {
                best = j;
                bestValue = value;
            }
        }
        return best;
    }

    // ------------------------------------------------------------------ optimizers

    @Override
    public void adam(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long n,
                     float lrT, float beta1, float beta2, float eps) {
        adamRange(w, g, m, v, 0, n, lrT, beta1, beta2, eps);
    }

    /** {@link #adam} for the elements [from, to) only (also VectorKernels' scalar tail). */
    static void adamRange(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long from, long to,
                          float lrT, float beta1, float beta2, float eps) {
        for (long i = from; i < to; i++) {
            float gi = flush(get(g, i), GRADIENT_FLUSH_BELOW);
            float mi = flush(beta1 * get(m, i) + (1 - beta1) * gi, STATE_FLUSH_BELOW);
            float vi = flush(beta2 * get(v, i) + (1 - beta2) * gi * gi, STATE_FLUSH_BELOW);
            set(m, i, mi);
            set(v, i, vi);
            set(w, i, get(w, i) - lrT * mi / ((float) Math.sqrt(vi) + eps));
        }
    }

    @Override
    public void sgd(MemorySegment w, MemorySegment g, MemorySegment velocity, long n,
                    float lr, float momentum, boolean nesterov) {
        sgdRange(w, g, velocity, 0, n, lr, momentum, nesterov);
    }

    /** {@link #sgd} for the elements [from, to) only (also VectorKernels' scalar tail). */
    static void sgdRange(MemorySegment w, MemorySegment g, MemorySegment velocity, long from, long to,
                         float lr, float momentum, boolean nesterov) {
        for (long i = from; i < to; i++) {
            float gi = get(g, i);
            if (momentum == 0) {
                set(w, i, get(w, i) - lr * gi);
                continue;
            }
            float vi = flush(momentum * get(velocity, i) - lr * gi, STATE_FLUSH_BELOW);
            set(velocity, i, vi);
            float step = nesterov ? momentum * vi - lr * gi : vi;
            set(w, i, get(w, i) + step);
        }
    }

    /** {@code exp(t)}, or 0 for t below {@link #EXP_FLUSH_BELOW}. */
    static double flushedExp(double t) {
        return t < EXP_FLUSH_BELOW ? 0 : Math.exp(t);
    }

    /** {@code value}, or 0 when its magnitude is below {@code threshold}. */
    static float flush(float value, float threshold) {
        return Math.abs(value) < threshold ? 0f : value;
    }

    // ------------------------------------------------------------------ dropout

    @Override
    public void dropout(MemorySegment x, MemorySegment u, MemorySegment y, long n, float rate) {
        float keepScale = 1 / (1 - rate);
        for (long i = 0; i < n; i++) {
            set(y, i, get(u, i) >= rate ? get(x, i) * keepScale : 0f);
        }
    }

    @Override
    public void dropoutBackward(MemorySegment u, MemorySegment dy, MemorySegment dx, long n, float rate) {
        float keepScale = 1 / (1 - rate);
        for (long i = 0; i < n; i++) {
            set(dx, i, get(u, i) >= rate ? get(dy, i) * keepScale : 0f);
        }
    }

    @Override
    public void alphaDropout(MemorySegment x, MemorySegment u, MemorySegment y, long n,
                             float rate, float a, float b, float alphaP) {
        for (long i = 0; i < n; i++) {
            float kept = get(u, i) >= rate ? get(x, i) : alphaP;
            set(y, i, a * kept + b);
        }
    }

    @Override
    public void alphaDropoutBackward(MemorySegment u, MemorySegment dy, MemorySegment dx, long n, float rate, float a) {
        for (long i = 0; i < n; i++) {
            set(dx, i, get(u, i) >= rate ? a * get(dy, i) : 0f);
        }
    }
}
