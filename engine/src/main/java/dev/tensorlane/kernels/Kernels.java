package dev.tensorlane.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Every numeric kernel the engine runs, over float32 data in native memory segments.
 *
 * <p>Conventions: every segment argument holds row-major float32 data starting at byte 0 of the
 * segment (callers slice once at build time, never per step); counts are in elements; matrices
 * are contiguous. Kernels never allocate and never keep references to their arguments. Two
 * implementations exist: {@link ScalarKernels}, the plain-loop reference that tests use as the
 * oracle, and {@code VectorKernels}, the only code that imports {@code jdk.incubator.vector}.
 * {@link KernelProvider#get()} picks one per JVM.
 */
public interface Kernels {

    /*
     * Software flush-to-zero. TensorFlow runs its CPU kernels with the FTZ/DAZ flags set; Java cannot
     * set them, and a denormal float (below 1.18e-38) costs ~50× a normal one in every vector
     * operation on this hardware, while the JDK's exp takes a slow path below about −86. So the
     * kernels never produce values in or near that range where training makes them routinely:
     */

    /** {@code exp(t)} is taken as exactly 0 for {@code t} below this (exp(−64) ≈ 1.6e-28). */
    float EXP_FLUSH_BELOW = -64f;

    /** Gradients smaller in magnitude than this enter the optimizers as 0 (so that g² stays normal). */
    float GRADIENT_FLUSH_BELOW = 1e-16f;

    /** Optimizer state (Adam's moments, SGD's velocity) smaller in magnitude than this is stored as 0. */
    float STATE_FLUSH_BELOW = 1e-30f;

    /** {@code exp(t)} overflows float above this (ln(Float.MAX_VALUE)); the exponential kernel returns +∞ there. */
    float EXP_OVERFLOWS_ABOVE = 88.72283f;

    /** erf(t) is 1 in float for t above this; the GELU kernels clamp erf's argument here. */
    float ERF_SATURATES_AT = 6f;

    /** Vector width in bits of the SIMD species in use; 0 for the scalar implementation. */
    int vectorBits();

    /** Short human-readable name, e.g. {@code "vector-512 (16 lanes)"} or {@code "scalar"}. */
    String description();

    /** Threads a call may use (1: only the caller's). */
    int threads();

    /**
     * These kernels splitting their heavy calls across {@code threads} threads of one shared
     * pool, by output element, so results are bit-identical for any thread count. The scalar
     * reference kernels stay on one thread.
     */
    Kernels withThreads(int threads);

    /**
     * Starts {@code job} on another thread of the pool when these kernels have more than one
     * thread, else runs it here and now. Either way it runs on kernels of the same kind, so it
     * computes the same bits. Collect it with {@link #await} before touching its outputs.
     */
    default void submit(BackgroundJob job) {
        job.enqueued(this);
        job.runIfQueued();
    }

    /**
     * Returns when {@code job} (submitted to these kernels, or never submitted) has finished,
     * running it here if no thread has started it yet (on kernels whose calls idle workers join);
     * rethrows the job's exception.
     */
    default void await(BackgroundJob job) {
        job.rethrowFailure();
    }

    // ------------------------------------------------------------------ matrix products

    /**
     * {@code C[m×n] = (accumulate ? C : 0) + A[m×k]·B[k×n] (+ bias[n] added to every row when
     * bias != null)}.
     */
    void matmul(MemorySegment a, MemorySegment b, MemorySegment bias, MemorySegment c,
                int m, int k, int n, boolean accumulate);

    /** {@code C[m×n] = (accumulate ? C : 0) + Aᵀ·B} where A is stored {@code [k×m]} and B {@code [k×n]}. */
    void matmulTransA(MemorySegment a, MemorySegment b, MemorySegment c,
                      int m, int k, int n, boolean accumulate);

    /** {@code C[m×n] = (accumulate ? C : 0) + A·Bᵀ} where A is {@code [m×k]} and B is stored {@code [n×k]}. */
    void matmulTransB(MemorySegment a, MemorySegment b, MemorySegment c,
                      int m, int k, int n, boolean accumulate);

    /** {@code dst[cols×rows] = src[rows×cols]ᵀ}. */
    void transpose(MemorySegment src, MemorySegment dst, int rows, int cols);

    /** Column sums: {@code out[j] = (accumulate ? out[j] : 0) + Σ_i x[i][j]} for {@code x[rows×cols]} (bias gradients). */
    void sumRows(MemorySegment x, MemorySegment out, int rows, int cols, boolean accumulate);

    // ------------------------------------------------------------------ element-wise helpers

    /** {@code y[i] = x[i]} for {@code i < n}. */
    void copy(MemorySegment x, MemorySegment y, long n);

    /** {@code y[i] = x[i] * dy[i]}; the element-wise product (used by backward passes). */
    void multiply(MemorySegment x, MemorySegment dy, MemorySegment y, long n);

    /** Σ x[i]·y[i], accumulated in double. */
    double dot(MemorySegment x, MemorySegment y, long n);

    // ------------------------------------------------------------------ activations

    /** {@code y = max(x, 0)}. */
    void relu(MemorySegment x, MemorySegment y, long n);

    /** {@code dx = x > 0 ? dy : 0}. */
    void reluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n);

    /**
     * ELU family: {@code y = scale * (x > 0 ? x : alpha * (exp(x) - 1))}. ELU is scale 1;
     * SELU is alpha 1.6732632423543772848, scale 1.0507009873554804934.
     */
    void elu(MemorySegment x, MemorySegment y, long n, float alpha, float scale);

    /**
     * The ELU family's gradient from the forward's output y, as TensorFlow's {@code EluGrad} and
     * {@code SeluGrad} compute it: {@code dx = y > 0 ? dy * scale : dy * (y + scale * alpha)}. For
     * x ≤ 0, {@code y + scale·alpha = scale·alpha·exp(x)}, so no exp is evaluated, and a saturated
     * unit (y = −scale·alpha) gets exactly 0. (TensorFlow tests y < 0 instead; the two differ only
     * at x = 0, where this keeps {@code scale·alpha}, and with alpha = 0, where y = 0 for every
     * x ≤ 0 and only y > 0 gives the gradient 0 there.)
     */
    void eluBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n, float alpha, float scale);

    /**
     * {@code y = 1 / (1 + exp(min(−x, 64)))} with exp flushed below {@link #EXP_FLUSH_BELOW}: y = 1
     * for x > 64 and y ≈ 1.6e-28 (not a denormal) for x < −64.
     */
    void sigmoid(MemorySegment x, MemorySegment y, long n);

    /** {@code dx = dy * y * (1 - y)}, from the forward output y. */
    void sigmoidBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n);

    /** {@code y = tanh(x)}. */
    void tanh(MemorySegment x, MemorySegment y, long n);

    /** {@code dx = dy * (1 - y²)}, from the forward output y. */
    void tanhBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n);

    /**
     * Keras's {@code ReLU(max_value, negative_slope, threshold)}:
     * {@code y = x < threshold ? negativeSlope·(x − threshold) : min(x, maxValue)}. LeakyReLU is
     * threshold 0 and maxValue +∞; pass {@code Float.POSITIVE_INFINITY} for no cap.
     */
    void leakyRelu(MemorySegment x, MemorySegment y, long n, float negativeSlope, float threshold, float maxValue);

    /** {@code dx = dy · (x < threshold ? negativeSlope : x < maxValue ? 1 : 0)}. */
    void leakyReluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n,
                           float negativeSlope, float threshold, float maxValue);

    /** PReLU over {@code x[rows×cols]} with one slope per column: {@code y = x > 0 ? x : alpha[j]·x}. */
    void prelu(MemorySegment x, MemorySegment alpha, MemorySegment y, int rows, int cols);

    /**
     * PReLU backward: {@code dx = dy · (x > 0 ? 1 : alpha[j])} and
     * {@code dalpha[j] = Σ_rows (x > 0 ? 0 : dy·x)} (overwritten, not accumulated).
     */
    void preluBackward(MemorySegment x, MemorySegment alpha, MemorySegment dy, MemorySegment dx,
                       MemorySegment dalpha, int rows, int cols);

    /**
     * RReLU in training: {@code y = x >= 0 ? x : s·x} with the slope {@code s = lower + (upper − lower)·u}
     * from one uniform draw u per element.
     */
    void rrelu(MemorySegment x, MemorySegment u, MemorySegment y, long n, float lower, float upper);

    /** {@code dx = dy · (x >= 0 ? 1 : lower + (upper − lower)·u)}, with the forward's draws u. */
    void rreluBackward(MemorySegment x, MemorySegment u, MemorySegment dy, MemorySegment dx, long n,
                       float lower, float upper);

    /**
     * {@code y = log(1 + exp(x))}, computed as {@code max(x, 0) + log1p(exp(−|x|))} so it never
     * overflows; exp's argument is clamped at {@link #EXP_FLUSH_BELOW} (y = x there, exactly).
     */
    void softplus(MemorySegment x, MemorySegment y, long n);

    /** {@code dx = dy · sigmoid(x)} (the sigmoid of {@link #sigmoid}). */
    void softplusBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n);

    /** {@code y = x / (1 + |x|)}. */
    void softsign(MemorySegment x, MemorySegment y, long n);

    /** {@code dx = dy / (1 + |x|)²}. */
    void softsignBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n);

    /** Swish (SiLU): {@code y = x · sigmoid(x)}. */
    void swish(MemorySegment x, MemorySegment y, long n);

    /** {@code dx = dy · s · (1 + x·(1 − s))} with {@code s = sigmoid(x)}. */
    void swishBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n);

    /**
     * GELU, exact form (Keras's default {@code approximate=False}): {@code y = x·Φ(x)} with
     * {@code Φ(x) = (1 + erf(x/√2))/2}; erf is Abramowitz–Stegun 7.1.28 (|error| ≤ 3e-7, no exp),
     * its argument clamped to ±{@link #ERF_SATURATES_AT}.
     */
    void gelu(MemorySegment x, MemorySegment y, long n);

    /** {@code dx = dy · (Φ(x) + x·φ(x))}, {@code φ(x) = exp(−x²/2)/√(2π)} flushed below {@link #EXP_FLUSH_BELOW}. */
    void geluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n);

    /**
     * {@code y = exp(x)}: 0 below {@link #EXP_FLUSH_BELOW}, +∞ above {@link #EXP_OVERFLOWS_ABOVE}
     * (the input is clamped between them so exp stays off its slow paths). Its backward is
     * {@code multiply(y, dy, dx)}.
     */
    void exponential(MemorySegment x, MemorySegment y, long n);

    /** Keras 3's hard sigmoid: {@code y = clip(x/6 + 1/2, 0, 1)} (that is, relu6(x + 3)/6). */
    void hardSigmoid(MemorySegment x, MemorySegment y, long n);

    /** {@code dx = −3 < x < 3 ? dy/6 : 0}. */
    void hardSigmoidBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n);

    /**
     * Row-wise softmax of {@code x[rows×cols]}: {@code y = exp(x - max) / Σ exp(x - max)}, with
     * {@code exp(x − max)} flushed to 0 below {@link #EXP_FLUSH_BELOW}.
     */
    void softmax(MemorySegment x, MemorySegment y, int rows, int cols);

    /** Row-wise softmax backward: {@code dx_i = y_i * (dy_i - Σ_j dy_j y_j)}. */
    void softmaxBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, int rows, int cols);

    // ------------------------------------------------------------------ batch normalization
    // x is [rows×cols]; statistics are per column (feature) over the rows (batch).

    /**
     * Training-mode forward. Writes the batch {@code mean[cols]}, biased {@code variance[cols]},
     * {@code invStd = 1 / sqrt(variance + eps)}, {@code xhat = (x - mean) * invStd} and
     * {@code y = gamma * xhat + beta}.
     */
    void batchNormTraining(MemorySegment x, MemorySegment y, MemorySegment xhat, int rows, int cols,
                           MemorySegment gamma, MemorySegment beta, float eps,
                           MemorySegment mean, MemorySegment variance, MemorySegment invStd);

    /** Inference-mode forward: {@code y = gamma * (x - movingMean) / sqrt(movingVariance + eps) + beta}. */
    void batchNormInference(MemorySegment x, MemorySegment y, int rows, int cols,
                            MemorySegment gamma, MemorySegment beta,
                            MemorySegment movingMean, MemorySegment movingVariance, float eps);

    /**
     * Training-mode backward, with N = rows:
     * {@code dbeta = Σ dy}, {@code dgamma = Σ dy·xhat},
     * {@code dx = gamma·invStd/N · (N·dy − dbeta − xhat·dgamma)}.
     * dgamma and dbeta are overwritten (not accumulated).
     */
    void batchNormBackward(MemorySegment dy, MemorySegment xhat, MemorySegment invStd, MemorySegment gamma,
                           MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta, int rows, int cols);

    /** {@code moving = moving * momentum + value * (1 - momentum)} (Keras's moving-average update). */
    void movingAverage(MemorySegment moving, MemorySegment value, long n, float momentum);

    // ------------------------------------------------------------------ loss and metrics

    /**
     * Sparse categorical cross-entropy over probabilities {@code p[rows×cols]}:
     * returns {@code Σ_rows −log(clip(p[r][labels[r]], eps, 1 − eps))} (a sum, not a mean).
     */
    double sparseCrossEntropy(MemorySegment p, int[] labels, int rows, int cols, float eps);

    /** Fused softmax + cross-entropy backward: {@code dlogits = (p − onehot(labels)) * scale}. */
    void softmaxCrossEntropyBackward(MemorySegment p, int[] labels, MemorySegment dlogits,
                                     int rows, int cols, float scale);

    /** Number of rows whose arg-max (first maximum) equals the label. */
    int countCorrect(MemorySegment p, int[] labels, int rows, int cols);

    /** Index of the first NaN or infinity in {@code x[0, n)}, or −1 when every element is finite. */
    long firstNonFinite(MemorySegment x, long n);

    // ------------------------------------------------------------------ losses on float targets

    /** {@code Σ (p[i] − t[i])²} over n elements (mean squared error's numerator), summed in double. */
    double squaredErrorSum(MemorySegment p, MemorySegment t, long n);

    /** {@code Σ |p[i] − t[i]|} over n elements (mean absolute error's numerator). */
    double absoluteErrorSum(MemorySegment p, MemorySegment t, long n);

    /**
     * {@code dp[i] = (p[i] − t[i])·scale}: mean squared error's gradient (scale {@code 2/(rows·cols)})
     * and, after a softmax, categorical crossentropy's fused {@code dlogits} (scale {@code 1/rows}).
     */
    void differenceScaled(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float scale);

    /** Mean absolute error's gradient: {@code dp[i] = sign(p[i] − t[i])·scale}, 0 where they are equal. */
    void absoluteErrorBackward(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float scale);

    /**
     * Binary crossentropy on probabilities, Keras's: {@code Σ −(t·log c + (1 − t)·log(1 − c))} with
     * {@code c = clip(p, eps, 1 − eps)}.
     */
    double binaryCrossEntropySum(MemorySegment p, MemorySegment t, long n, float eps);

    /** Its gradient: {@code dp = scale·((1 − t)/(1 − p) − t/p)} where p lies inside the clip, else 0. */
    void binaryCrossEntropyBackward(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float eps, float scale);

    /**
     * Categorical crossentropy on probabilities, Keras's: each row is normalised
     * ({@code q = p / Σ_row p}), clipped to {@code [eps, 1 − eps]}, and the rows' {@code −Σ t·log q} summed.
     */
    double categoricalCrossEntropySum(MemorySegment p, MemorySegment t, int rows, int cols, float eps);

    /**
     * Its gradient through the normalisation and the clip, per row with {@code S = Σ p} and
     * {@code U = Σ t} over the unclipped elements: {@code dp[j] = scale·(U − [unclipped]·t[j]/q[j]) / S}.
     */
    void categoricalCrossEntropyBackward(MemorySegment p, MemorySegment t, MemorySegment dp, int rows, int cols,
                                         float eps, float scale);

    // ------------------------------------------------------------------ optimizers

    /**
     * Keras's Adam step for n parameters: {@code m = b1·m + (1−b1)·g; v = b2·v + (1−b2)·g²;
     * w −= lrT · m / (sqrt(v) + eps)}, where the caller computes
     * {@code lrT = lr·sqrt(1−b2^t)/(1−b1^t)}. g is flushed below {@link #GRADIENT_FLUSH_BELOW},
     * m and v below {@link #STATE_FLUSH_BELOW}.
     */
    void adam(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long n,
              float lrT, float beta1, float beta2, float eps);

    /**
     * Keras's SGD: with momentum 0, {@code w −= lr·g} (velocity untouched, may be null);
     * otherwise {@code v = momentum·v − lr·g} and {@code w += v} (plain) or
     * {@code w += momentum·v − lr·g} (Nesterov); v is flushed below {@link #STATE_FLUSH_BELOW}.
     */
    void sgd(MemorySegment w, MemorySegment g, MemorySegment velocity, long n,
             float lr, float momentum, boolean nesterov);

    // ------------------------------------------------------------------ dropout
    // u holds uniform [0, 1) draws made by the model's seeded generator; a unit is kept when u >= rate.

    /** Inverted dropout: {@code y = u >= rate ? x / (1 − rate) : 0}. */
    void dropout(MemorySegment x, MemorySegment u, MemorySegment y, long n, float rate);

    /** {@code dx = u >= rate ? dy / (1 − rate) : 0}. */
    void dropoutBackward(MemorySegment u, MemorySegment dy, MemorySegment dx, long n, float rate);

    /**
     * Alpha dropout: {@code y = a·(u >= rate ? x : alphaP) + b}, with alphaP = −scale·alpha of SELU
     * and a, b chosen by the caller to keep mean and variance.
     */
    void alphaDropout(MemorySegment x, MemorySegment u, MemorySegment y, long n,
                      float rate, float a, float b, float alphaP);

    /** {@code dx = u >= rate ? a·dy : 0}. */
    void alphaDropoutBackward(MemorySegment u, MemorySegment dy, MemorySegment dx, long n, float rate, float a);
}
