package dev.tensorlane.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Kernels on several threads: the heavy calls (GEMM, transpose, batch normalization, SELU/ELU,
 * Adam) are split by output element between the {@link WorkerPool}'s threads, at split points
 * that are multiples of the vector length, so every output element gets the same arithmetic as
 * on one thread: results are bit-identical for any thread count. Calls too small to repay the
 * hand-over (about a microsecond of work) and every other kernel run on the calling thread.
 */
final class ParallelKernels implements Kernels {

    /** Multiply-adds below which a GEMM stays on the calling thread. */
    private static final long GEMM_MIN_WORK = 64 * 1024;
    /** Elements below which element-wise, column-wise and optimizer kernels stay on the calling thread. */
    private static final long ELEMENT_MIN_WORK = 4 * 1024;

    private final PartitionableKernels base;
    private final int threads;
    private final WorkerPool pool = WorkerPool.shared();

    // Reusable jobs (no allocation per call); their fields are written under the pool's monitor.
    private final MatmulJob matmulJob = new MatmulJob();
    private final TransposeJob transposeJob = new TransposeJob();
    private final EluJob eluJob = new EluJob();
    private final BatchNormJob batchNormJob = new BatchNormJob();
    private final AdamJob adamJob = new AdamJob();

    /** Whether calls split even while background jobs are queued or running (see {@link #forAwaitedJobs}). */
    private final boolean splitWhileBusy;
    /**
     * These kernels for a background job that its awaiting caller runs itself because no worker has
     * started it (a training step's first-layer update, which the next forward pass needs first):
     * its calls split even though the workers are busy, into {@link #PARTS_PER_THREAD_WHILE_BUSY}
     * parts per thread that the caller claims one by one and a worker joins when its current job
     * ends, so the caller never waits long for a part a worker took late.
     */
    private final ParallelKernels forAwaitedJobs;
    private static final int PARTS_PER_THREAD_WHILE_BUSY = 4;

    ParallelKernels(PartitionableKernels base, int threads) {
        this(base, threads, false);
    }

    private ParallelKernels(PartitionableKernels base, int threads, boolean splitWhileBusy) {
        this.base = base;
        this.threads = Math.max(1, Math.min(threads, pool.maxParts()));
        this.splitWhileBusy = splitWhileBusy;
        this.forAwaitedJobs = splitWhileBusy ? this : new ParallelKernels(base, threads, true);
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public Kernels withThreads(int count) {
        return base.withThreads(count);
    }

    @Override
    public int vectorBits() {
        return base.vectorBits();
    }

    @Override
    public String description() {
        return base.description() + ", " + threads + " threads";
    }

    /** Runs on the pool's workers (on the single-threaded base kernels) when this has more than one thread. */
    @Override
    public void submit(BackgroundJob job) {
        if (threads == 1) {
            base.submit(job);
        } else {
            pool.submit(job, base);
        }
    }

    /** A job still queued runs here at once, on {@link #forAwaitedJobs}. */
    @Override
    public void await(BackgroundJob job) {
        pool.await(job, forAwaitedJobs);
    }

    /**
     * Start of part {@code part} of {@code parts} over [0, total), rounded down to a multiple of
     * {@code align}, and never so late that the last part is narrower than {@code align} when the
     * whole is not: a kernel whose range ends with a partial vector then has a whole vector of its
     * own to end with, as on one thread, and computes the same bits.
     */
    static long boundary(long total, int part, int parts, int align) {
        if (part >= parts) {
            return total;
        }
        long start = total * part / parts / align * align;
        return total >= align ? Math.min(start, (total - align) / align * align) : start;
    }

    /**
     * Parts for a call of {@code work} elements or multiply-adds: one when the call is too small to
     * repay the hand-over, or when the pool's workers have background jobs (a training step's weight
     * updates): then the other cores are busy or about to be, and a part left to them would only
     * come back late, from another core's cache ({@link #forAwaitedJobs} splits anyway, finer).
     * Either way the results are the same bits.
     */
    private int partsFor(long work, long minWork) {
        if (work < minWork) {
            return 1;
        }
        if (splitWhileBusy) {
            return threads * PARTS_PER_THREAD_WHILE_BUSY;
        }
        return pool.backgroundBusy() ? 1 : threads;
    }

    // ------------------------------------------------------------------ GEMM

    @Override
    public void matmul(MemorySegment a, MemorySegment b, MemorySegment bias, MemorySegment c,
                       int m, int k, int n, boolean accumulate) {
        runMatmul(false, a, b, bias, c, m, k, n, accumulate);
    }

    @Override
    public void matmulTransA(MemorySegment a, MemorySegment b, MemorySegment c, int m, int k, int n, boolean accumulate) {
        runMatmul(true, a, b, null, c, m, k, n, accumulate);
    }

    /** Parts an m×k×n product's rows are split into (rows go in multiples of 4, so fewer than 8 stay whole). */
    private int gemmParts(int m, int k, int n) {
        return m < 8 ? 1 : partsFor((long) m * k * n, GEMM_MIN_WORK);
    }

    private void runMatmul(boolean transposedA, MemorySegment a, MemorySegment b, MemorySegment bias, MemorySegment c,
                           int m, int k, int n, boolean accumulate) {
        int parts = gemmParts(m, k, n);
        if (parts == 1) {
            if (transposedA) {
                base.matmulTransA(a, b, c, m, k, n, accumulate);
            } else {
                base.matmul(a, b, bias, c, m, k, n, accumulate);
            }
            return;
        }
        synchronized (pool) {
            matmulJob.set(transposedA, a, b, bias, c, m, k, n, accumulate);
            pool.run(matmulJob, parts);
        }
    }

    private final class MatmulJob implements PartitionedJob {
        private boolean transposedA;
        private MemorySegment a, b, bias, c;
        private int m, k, n;
        private boolean accumulate;

        void set(boolean transposedA, MemorySegment a, MemorySegment b, MemorySegment bias, MemorySegment c,
                 int m, int k, int n, boolean accumulate) {
            this.transposedA = transposedA;
            this.a = a;
            this.b = b;
            this.bias = bias;
            this.c = c;
            this.m = m;
            this.k = k;
            this.n = n;
            this.accumulate = accumulate;
        }

        @Override
        public void runPart(int part, int parts) {
            int from = (int) boundary(m, part, parts, 4);
            int to = (int) boundary(m, part + 1, parts, 4);
            if (transposedA) {
                base.matmulTransARows(a, b, c, m, k, n, accumulate, from, to);
            } else {
                base.matmulRows(a, b, bias, c, m, k, n, accumulate, from, to);
            }
        }
    }

    /**
     * A product big enough to split whose B is the cheaper side to transpose: B transposed into this
     * thread's scratch and A·Bᵀ as {@code matmul}, both split (1024³: 1.95× one thread). Otherwise
     * the whole product on this thread, which transposes A and C where that is cheaper
     * ({@link VectorKernels#transposesAAndC}; split, 32×100×100 had run at 0.85×). Every element of
     * C gets the same FMAs in the same order either way, so the bits do not depend on the thread count.
     */
    @Override
    public void matmulTransB(MemorySegment a, MemorySegment b, MemorySegment c, int m, int k, int n, boolean accumulate) {
        if (VectorKernels.transposesAAndC(m, k, n, accumulate) || gemmParts(m, k, n) == 1) {
            base.matmulTransB(a, b, c, m, k, n, accumulate);
            return;
        }
        MemorySegment bTransposed = TransposeScratch.ofThisThread().first((long) k * n);
        transpose(b, bTransposed, n, k);
        matmul(a, bTransposed, null, c, m, k, n, accumulate);
    }

    @Override
    public void transpose(MemorySegment src, MemorySegment dst, int rows, int cols) {
        int parts = partsFor((long) rows * cols, ELEMENT_MIN_WORK);
        if (parts == 1) {
            base.transpose(src, dst, rows, cols);
            return;
        }
        synchronized (pool) {
            transposeJob.set(src, dst, rows, cols);
            pool.run(transposeJob, parts);
        }
    }

    private final class TransposeJob implements PartitionedJob {
        private MemorySegment src, dst;
        private int rows, cols;

        void set(MemorySegment src, MemorySegment dst, int rows, int cols) {
            this.src = src;
            this.dst = dst;
            this.rows = rows;
            this.cols = cols;
        }

        @Override
        public void runPart(int part, int parts) {
            base.transposeColumns(src, dst, rows, cols, (int) boundary(cols, part, parts, 1),
                    (int) boundary(cols, part + 1, parts, 1));
        }
    }

    // ------------------------------------------------------------------ ELU / SELU

    @Override
    public void elu(MemorySegment x, MemorySegment y, long n, float alpha, float scale) {
        runElu(false, x, null, y, n, alpha, scale);
    }

    @Override
    public void eluBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n, float alpha, float scale) {
        runElu(true, y, dy, dx, n, alpha, scale);
    }

    /** {@code x} is the forward's input, or in backward its output y. */
    private void runElu(boolean backward, MemorySegment x, MemorySegment dy, MemorySegment out, long n,
                        float alpha, float scale) {
        int parts = partsFor(n, ELEMENT_MIN_WORK);
        if (parts == 1) {
            if (backward) {
                base.eluBackward(x, dy, out, n, alpha, scale);
            } else {
                base.elu(x, out, n, alpha, scale);
            }
            return;
        }
        synchronized (pool) {
            eluJob.set(backward, x, dy, out, n, alpha, scale);
            pool.run(eluJob, parts);
        }
    }

    private final class EluJob implements PartitionedJob {
        private boolean backward;
        private MemorySegment x, dy, out;
        private long n;
        private float alpha, scale;

        void set(boolean backward, MemorySegment x, MemorySegment dy, MemorySegment out, long n, float alpha, float scale) {
            this.backward = backward;
            this.x = x;
            this.dy = dy;
            this.out = out;
            this.n = n;
            this.alpha = alpha;
            this.scale = scale;
        }

        @Override
        public void runPart(int part, int parts) {
            long from = boundary(n, part, parts, base.alignment());
            long to = boundary(n, part + 1, parts, base.alignment());
            if (backward) {
                base.eluBackwardRange(x, dy, out, from, to, alpha, scale);
            } else {
                base.eluRange(x, out, from, to, alpha, scale);
            }
        }
    }

    // ------------------------------------------------------------------ batch normalization

    private enum BatchNormPass { TRAINING, INFERENCE, BACKWARD }

    @Override
    public void batchNormTraining(MemorySegment x, MemorySegment y, MemorySegment xhat, int rows, int cols,
                                  MemorySegment gamma, MemorySegment beta, float eps,
                                  MemorySegment mean, MemorySegment variance, MemorySegment invStd) {
        int parts = partsFor((long) rows * cols, ELEMENT_MIN_WORK);
        if (parts == 1) {
            base.batchNormTraining(x, y, xhat, rows, cols, gamma, beta, eps, mean, variance, invStd);
            return;
        }
        synchronized (pool) {
            batchNormJob.set(BatchNormPass.TRAINING, rows, cols, eps);
            batchNormJob.x = x;
            batchNormJob.y = y;
            batchNormJob.xhat = xhat;
            batchNormJob.gamma = gamma;
            batchNormJob.beta = beta;
            batchNormJob.mean = mean;
            batchNormJob.variance = variance;
            batchNormJob.invStd = invStd;
            pool.run(batchNormJob, parts);
        }
    }

    @Override
    public void batchNormInference(MemorySegment x, MemorySegment y, int rows, int cols,
                                   MemorySegment gamma, MemorySegment beta,
                                   MemorySegment movingMean, MemorySegment movingVariance, float eps) {
        int parts = partsFor((long) rows * cols, ELEMENT_MIN_WORK);
        if (parts == 1) {
            base.batchNormInference(x, y, rows, cols, gamma, beta, movingMean, movingVariance, eps);
            return;
        }
        synchronized (pool) {
            batchNormJob.set(BatchNormPass.INFERENCE, rows, cols, eps);
            batchNormJob.x = x;
            batchNormJob.y = y;
            batchNormJob.gamma = gamma;
            batchNormJob.beta = beta;
            batchNormJob.mean = movingMean;
            batchNormJob.variance = movingVariance;
            pool.run(batchNormJob, parts);
        }
    }

    @Override
    public void batchNormBackward(MemorySegment dy, MemorySegment xhat, MemorySegment invStd, MemorySegment gamma,
                                  MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta, int rows, int cols) {
        int parts = partsFor((long) rows * cols, ELEMENT_MIN_WORK);
        if (parts == 1) {
            base.batchNormBackward(dy, xhat, invStd, gamma, dx, dgamma, dbeta, rows, cols);
            return;
        }
        synchronized (pool) {
            batchNormJob.set(BatchNormPass.BACKWARD, rows, cols, 0f);
            batchNormJob.x = dy;
            batchNormJob.y = dx;
            batchNormJob.xhat = xhat;
            batchNormJob.invStd = invStd;
            batchNormJob.gamma = gamma;
            batchNormJob.mean = dgamma;
            batchNormJob.variance = dbeta;
            pool.run(batchNormJob, parts);
        }
    }

    /**
     * One job for the three batch-norm passes, split by feature columns. In BACKWARD, x is dy,
     * y is dx, mean is dgamma and variance is dbeta; in INFERENCE, mean and variance are the
     * moving statistics.
     */
    private final class BatchNormJob implements PartitionedJob {
        private BatchNormPass pass;
        private int rows, cols;
        private float eps;
        MemorySegment x, y, xhat, gamma, beta, mean, variance, invStd;

        void set(BatchNormPass pass, int rows, int cols, float eps) {
            this.pass = pass;
            this.rows = rows;
            this.cols = cols;
            this.eps = eps;
        }

        @Override
        public void runPart(int part, int parts) {
            int from = (int) boundary(cols, part, parts, base.alignment());
            int to = (int) boundary(cols, part + 1, parts, base.alignment());
            switch (pass) {
                case TRAINING -> base.batchNormTrainingColumns(x, y, xhat, rows, cols, gamma, beta, eps,
                        mean, variance, invStd, from, to);
                case INFERENCE -> base.batchNormInferenceColumns(x, y, rows, cols, gamma, beta, mean, variance,
                        eps, from, to);
                case BACKWARD -> base.batchNormBackwardColumns(x, xhat, invStd, gamma, y, mean, variance,
                        rows, cols, from, to);
            }
        }
    }

    // ------------------------------------------------------------------ Adam

    @Override
    public void adam(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long n,
                     float lrT, float beta1, float beta2, float eps) {
        int parts = partsFor(n, ELEMENT_MIN_WORK);
        if (parts == 1) {
            base.adam(w, g, m, v, n, lrT, beta1, beta2, eps);
            return;
        }
        synchronized (pool) {
            adamJob.set(w, g, m, v, n, lrT, beta1, beta2, eps);
            pool.run(adamJob, parts);
        }
    }

    private final class AdamJob implements PartitionedJob {
        private MemorySegment w, g, m, v;
        private long n;
        private float lrT, beta1, beta2, eps;

        void set(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long n,
                 float lrT, float beta1, float beta2, float eps) {
            this.w = w;
            this.g = g;
            this.m = m;
            this.v = v;
            this.n = n;
            this.lrT = lrT;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
        }

        @Override
        public void runPart(int part, int parts) {
            base.adamRange(w, g, m, v, boundary(n, part, parts, base.alignment()),
                    boundary(n, part + 1, parts, base.alignment()), lrT, beta1, beta2, eps);
        }
    }

    // ------------------------------------------------------------------ on the calling thread

    @Override
    public void sumRows(MemorySegment x, MemorySegment out, int rows, int cols, boolean accumulate) {
        base.sumRows(x, out, rows, cols, accumulate);
    }

    @Override
    public void copy(MemorySegment x, MemorySegment y, long n) {
        base.copy(x, y, n);
    }

    @Override
    public void multiply(MemorySegment x, MemorySegment dy, MemorySegment y, long n) {
        base.multiply(x, dy, y, n);
    }

    @Override
    public double dot(MemorySegment x, MemorySegment y, long n) {
        return base.dot(x, y, n);
    }

    @Override
    public void relu(MemorySegment x, MemorySegment y, long n) {
        base.relu(x, y, n);
    }

    @Override
    public void reluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        base.reluBackward(x, dy, dx, n);
    }

    @Override
    public void sigmoid(MemorySegment x, MemorySegment y, long n) {
        base.sigmoid(x, y, n);
    }

    @Override
    public void sigmoidBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n) {
        base.sigmoidBackward(y, dy, dx, n);
    }

    @Override
    public void tanh(MemorySegment x, MemorySegment y, long n) {
        base.tanh(x, y, n);
    }

    @Override
    public void tanhBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, long n) {
        base.tanhBackward(y, dy, dx, n);
    }

    @Override
    public void softmax(MemorySegment x, MemorySegment y, int rows, int cols) {
        base.softmax(x, y, rows, cols);
    }

    @Override
    public void softmaxBackward(MemorySegment y, MemorySegment dy, MemorySegment dx, int rows, int cols) {
        base.softmaxBackward(y, dy, dx, rows, cols);
    }

    @Override
    public void movingAverage(MemorySegment moving, MemorySegment value, long n, float momentum) {
        base.movingAverage(moving, value, n, momentum);
    }

    @Override
    public double squaredErrorSum(MemorySegment p, MemorySegment t, long n) {
        return base.squaredErrorSum(p, t, n);
    }

    @Override
    public double absoluteErrorSum(MemorySegment p, MemorySegment t, long n) {
        return base.absoluteErrorSum(p, t, n);
    }

    @Override
    public void differenceScaled(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float scale) {
        base.differenceScaled(p, t, dp, n, scale);
    }

    @Override
    public void absoluteErrorBackward(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float scale) {
        base.absoluteErrorBackward(p, t, dp, n, scale);
    }

    @Override
    public double binaryCrossEntropySum(MemorySegment p, MemorySegment t, long n, float eps) {
        return base.binaryCrossEntropySum(p, t, n, eps);
    }

    @Override
    public void binaryCrossEntropyBackward(MemorySegment p, MemorySegment t, MemorySegment dp, long n, float eps, float scale) {
        base.binaryCrossEntropyBackward(p, t, dp, n, eps, scale);
    }

    @Override
    public double categoricalCrossEntropySum(MemorySegment p, MemorySegment t, int rows, int cols, float eps) {
        return base.categoricalCrossEntropySum(p, t, rows, cols, eps);
    }

    @Override
    public void categoricalCrossEntropyBackward(MemorySegment p, MemorySegment t, MemorySegment dp, int rows, int cols,
                                                float eps, float scale) {
        base.categoricalCrossEntropyBackward(p, t, dp, rows, cols, eps, scale);
    }

    @Override
    public double sparseCrossEntropy(MemorySegment p, int[] labels, int rows, int cols, float eps) {
        return base.sparseCrossEntropy(p, labels, rows, cols, eps);
    }

    @Override
    public void softmaxCrossEntropyBackward(MemorySegment p, int[] labels, MemorySegment dlogits,
                                            int rows, int cols, float scale) {
        base.softmaxCrossEntropyBackward(p, labels, dlogits, rows, cols, scale);
    }

    @Override
    public int countCorrect(MemorySegment p, int[] labels, int rows, int cols) {
        return base.countCorrect(p, labels, rows, cols);
    }

    @Override
    public long firstNonFinite(MemorySegment x, long n) {
        return base.firstNonFinite(x, n);
    }

    @Override
    public void sgd(MemorySegment w, MemorySegment g, MemorySegment velocity, long n,
                    float lr, float momentum, boolean nesterov) {
        base.sgd(w, g, velocity, n, lr, momentum, nesterov);
    }

    @Override
    public void dropout(MemorySegment x, MemorySegment u, MemorySegment y, long n, float rate) {
        base.dropout(x, u, y, n, rate);
    }

    @Override
    public void dropoutBackward(MemorySegment u, MemorySegment dy, MemorySegment dx, long n, float rate) {
        base.dropoutBackward(u, dy, dx, n, rate);
    }

    @Override
    public void alphaDropout(MemorySegment x, MemorySegment u, MemorySegment y, long n,
                             float rate, float a, float b, float alphaP) {
        base.alphaDropout(x, u, y, n, rate, a, b, alphaP);
    }

    @Override
    public void alphaDropoutBackward(MemorySegment u, MemorySegment dy, MemorySegment dx, long n, float rate, float a) {
        base.alphaDropoutBackward(u, dy, dx, n, rate, a);
    }

    @Override
    public void leakyRelu(MemorySegment x, MemorySegment y, long n, float negativeSlope, float threshold, float maxValue) {
        base.leakyRelu(x, y, n, negativeSlope, threshold, maxValue);
    }

    @Override
    public void leakyReluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n, float negativeSlope, float threshold, float maxValue) {
        base.leakyReluBackward(x, dy, dx, n, negativeSlope, threshold, maxValue);
    }

    @Override
    public void prelu(MemorySegment x, MemorySegment alpha, MemorySegment y, int rows, int cols) {
        base.prelu(x, alpha, y, rows, cols);
    }

    @Override
    public void preluBackward(MemorySegment x, MemorySegment alpha, MemorySegment dy, MemorySegment dx, MemorySegment dalpha, int rows, int cols) {
        base.preluBackward(x, alpha, dy, dx, dalpha, rows, cols);
    }

    @Override
    public void rrelu(MemorySegment x, MemorySegment u, MemorySegment y, long n, float lower, float upper) {
        base.rrelu(x, u, y, n, lower, upper);
    }

    @Override
    public void rreluBackward(MemorySegment x, MemorySegment u, MemorySegment dy, MemorySegment dx, long n, float lower, float upper) {
        base.rreluBackward(x, u, dy, dx, n, lower, upper);
    }

    @Override
    public void softplus(MemorySegment x, MemorySegment y, long n) {
        base.softplus(x, y, n);
    }

    @Override
    public void softplusBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        base.softplusBackward(x, dy, dx, n);
    }

    @Override
    public void softsign(MemorySegment x, MemorySegment y, long n) {
        base.softsign(x, y, n);
    }

    @Override
    public void softsignBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        base.softsignBackward(x, dy, dx, n);
    }

    @Override
    public void swish(MemorySegment x, MemorySegment y, long n) {
        base.swish(x, y, n);
    }

    @Override
    public void swishBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        base.swishBackward(x, dy, dx, n);
    }

    @Override
    public void gelu(MemorySegment x, MemorySegment y, long n) {
        base.gelu(x, y, n);
    }

    @Override
    public void geluBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        base.geluBackward(x, dy, dx, n);
    }

    @Override
    public void exponential(MemorySegment x, MemorySegment y, long n) {
        base.exponential(x, y, n);
    }

    @Override
    public void hardSigmoid(MemorySegment x, MemorySegment y, long n) {
        base.hardSigmoid(x, y, n);
    }

    @Override
    public void hardSigmoidBackward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n) {
        base.hardSigmoidBackward(x, dy, dx, n);
    }
}
