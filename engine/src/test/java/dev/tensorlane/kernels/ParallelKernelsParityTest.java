package dev.tensorlane.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Kernels split across two threads give the single-threaded results bit for bit. */
class ParallelKernelsParityTest {

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    private final Kernels one = new VectorKernels();
    private final Kernels two = one.withThreads(2);
    private final Arena arena = Arena.ofShared();
    private final SplittableRandom random = new SplittableRandom(5);

    private MemorySegment random(long n) {
        MemorySegment s = arena.allocate(n * Float.BYTES, 64);
        for (long i = 0; i < n; i++) {
            s.setAtIndex(F, i, (float) random.nextGaussian());
        }
        return s;
    }

    private MemorySegment copyOf(MemorySegment s) {
        MemorySegment copy = arena.allocate(s.byteSize(), 64);
        copy.copyFrom(s);
        return copy;
    }

    private static void assertBitIdentical(MemorySegment expected, MemorySegment actual) {
        assertArrayEquals(expected.toArray(ValueLayout.JAVA_INT), actual.toArray(ValueLayout.JAVA_INT));
    }

    @ParameterizedTest
    @CsvSource({"32,784,100", "32,100,100", "33,100,100", "100,32,100", "784,32,100", "1000,100,10", "64,64,64",
            "102,40,56", "131,48,27", "30,1100,100", "40,1100,10"})
    void gemmFormsSplitByRows(int m, int k, int n) {
        MemorySegment a = random((long) m * k);
        MemorySegment b = random((long) k * n);
        MemorySegment bias = random(n);
        MemorySegment c1 = random((long) m * n);
        MemorySegment c2 = copyOf(c1);
        one.matmul(a, b, bias, c1, m, k, n, true);
        two.matmul(a, b, bias, c2, m, k, n, true);
        assertBitIdentical(c1, c2);
        one.matmul(a, b, bias, c1, m, k, n, false);
        two.matmul(a, b, bias, c2, m, k, n, false);
        assertBitIdentical(c1, c2);
        one.matmul(a, b, null, c1, m, k, n, false);
        two.matmul(a, b, null, c2, m, k, n, false);
        assertBitIdentical(c1, c2);
        MemorySegment at = random((long) k * m);
        one.matmulTransA(at, b, c1, m, k, n, false);
        two.matmulTransA(at, b, c2, m, k, n, false);
        assertBitIdentical(c1, c2);
        MemorySegment bt = random((long) n * k); // A·Bᵀ: whole on one thread (maybe as (B·Aᵀ)ᵀ), split on two
        one.matmulTransB(a, bt, c1, m, k, n, false);
        two.matmulTransB(a, bt, c2, m, k, n, false);
        assertBitIdentical(c1, c2);
        one.matmulTransB(a, bt, c1, m, k, n, true);
        two.matmulTransB(a, bt, c2, m, k, n, true);
        assertBitIdentical(c1, c2);
    }

    @ParameterizedTest
    @CsvSource({"100,100", "784,100", "100,784", "7,1031"})
    void transpose(int rows, int cols) {
        MemorySegment src = random((long) rows * cols);
        MemorySegment d1 = random((long) rows * cols);
        MemorySegment d2 = random((long) rows * cols);
        one.transpose(src, d1, rows, cols);
        two.transpose(src, d2, rows, cols);
        assertBitIdentical(d1, d2);
    }

    @ParameterizedTest
    @CsvSource({"32,100", "256,100", "64,1031"})
    void batchNormalizationSplitByColumns(int rows, int cols) {
        MemorySegment x = random((long) rows * cols);
        MemorySegment gamma = random(cols);
        MemorySegment beta = random(cols);
        MemorySegment[] r1 = {random((long) rows * cols), random((long) rows * cols), random(cols), random(cols), random(cols)};
        MemorySegment[] r2 = {random((long) rows * cols), random((long) rows * cols), random(cols), random(cols), random(cols)};
        one.batchNormTraining(x, r1[0], r1[1], rows, cols, gamma, beta, 1e-3f, r1[2], r1[3], r1[4]);
        two.batchNormTraining(x, r2[0], r2[1], rows, cols, gamma, beta, 1e-3f, r2[2], r2[3], r2[4]);
        for (int i = 0; i < r1.length; i++) {
            assertBitIdentical(r1[i], r2[i]);
        }
        MemorySegment dy = random((long) rows * cols);
        MemorySegment[] g1 = {random((long) rows * cols), random(cols), random(cols)};
        MemorySegment[] g2 = {random((long) rows * cols), random(cols), random(cols)};
        one.batchNormBackward(dy, r1[1], r1[4], gamma, g1[0], g1[1], g1[2], rows, cols);
        two.batchNormBackward(dy, r2[1], r2[4], gamma, g2[0], g2[1], g2[2], rows, cols);
        for (int i = 0; i < g1.length; i++) {
            assertBitIdentical(g1[i], g2[i]);
        }
        MemorySegment y1 = random((long) rows * cols);
        MemorySegment y2 = random((long) rows * cols);
        MemorySegment movingVariance = random(cols);
        movingVariance.setAtIndex(F, 0, 2f); // variances must be positive
        for (int j = 0; j < cols; j++) {
            movingVariance.setAtIndex(F, j, Math.abs(movingVariance.getAtIndex(F, j)));
        }
        one.batchNormInference(x, y1, rows, cols, gamma, beta, r1[2], movingVariance, 1e-3f);
        two.batchNormInference(x, y2, rows, cols, gamma, beta, r1[2], movingVariance, 1e-3f);
        assertBitIdentical(y1, y2);
    }

    @ParameterizedTest
    @CsvSource({"78500", "10000", "4099", "100"})
    void adamAndSeluSplitByElements(int n) {
        MemorySegment w1 = random(n), g = random(n), m1 = random(n), v1 = random(n);
        for (int i = 0; i < n; i++) {
            v1.setAtIndex(F, i, Math.abs(v1.getAtIndex(F, i)));
        }
        MemorySegment w2 = copyOf(w1), m2 = copyOf(m1), v2 = copyOf(v1);
        one.adam(w1, g, m1, v1, n, 1e-3f, 0.9f, 0.999f, 1e-7f);
        two.adam(w2, g, m2, v2, n, 1e-3f, 0.9f, 0.999f, 1e-7f);
        assertBitIdentical(w1, w2);
        assertBitIdentical(m1, m2);
        assertBitIdentical(v1, v2);
        MemorySegment y1 = random(n), y2 = random(n);
        one.elu(g, y1, n, 1.6732632f, 1.0507010f);
        two.elu(g, y2, n, 1.6732632f, 1.0507010f);
        assertBitIdentical(y1, y2);
        one.eluBackward(g, w1, y1, n, 1.6732632f, 1.0507010f);
        two.eluBackward(g, w1, y2, n, 1.6732632f, 1.0507010f);
        assertBitIdentical(y1, y2);
    }

    /**
     * A job its caller awaits before a worker started it runs on the caller with kernels that split
     * even while the worker is busy, finer (8 parts on two threads); here the worker, released as
     * the job starts, joins the job's later calls.
     */
    @Test
    void aJobRunByItsAwaitingCallerSplitsWhileTheWorkerIsBusyAtTheSameBits() throws InterruptedException {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "needs a worker thread");
        int m = 784, k = 32, n = 100;
        MemorySegment at = random((long) k * m), b = random((long) k * n), x = random((long) k * m), w = random((long) m * n);
        MemorySegment dw1 = random((long) m * n), dw2 = copyOf(dw1), y1 = random((long) k * n), y2 = copyOf(y1);
        MemorySegment w1 = random(n * 785L), g = random(n * 785L), m1 = random(n * 785L), v1 = random(n * 785L);
        for (long i = 0; i < v1.byteSize() / Float.BYTES; i++) {
            v1.setAtIndex(F, i, Math.abs(v1.getAtIndex(F, i)));
        }
        MemorySegment w2 = copyOf(w1), m2 = copyOf(m1), v2 = copyOf(v1);
        one.matmulTransA(at, b, dw1, m, k, n, false);
        one.adam(w1, g, m1, v1, n * 785L, 1e-3f, 0.9f, 0.999f, 1e-7f);
        one.matmul(x, w, null, y1, k, m, n, false);

        BackgroundJobTest.Blocking blocker = new BackgroundJobTest.Blocking();
        Kernels[] ranOn = new Kernels[1];
        BackgroundJob update = new BackgroundJob() {
            @Override
            protected void run(Kernels on) {
                ranOn[0] = on;
                on.matmulTransA(at, b, dw2, m, k, n, false); // the worker is still busy: parts claimed here
                blocker.release.countDown();
                on.adam(w2, g, m2, v2, n * 785L, 1e-3f, 0.9f, 0.999f, 1e-7f);
                on.matmul(x, w, null, y2, k, m, n, false);
            }
        };
        two.submit(blocker);
        assertTrue(blocker.started.await(10, TimeUnit.SECONDS), "the worker is busy with the first job");
        two.submit(update);
        two.await(update);
        two.await(blocker);
        assertEquals(2, ranOn[0].threads(), "ran on " + ranOn[0].description());
        assertBitIdentical(dw1, dw2);
        assertBitIdentical(w1, w2);
        assertBitIdentical(m1, m2);
        assertBitIdentical(v1, v2);
        assertBitIdentical(y1, y2);
    }

    @Test
    void boundariesAreAlignedAndCoverTheRange() {
        assertEquals(0, ParallelKernels.boundary(100, 0, 2, 16));
        assertEquals(48, ParallelKernels.boundary(100, 1, 2, 16));
        assertEquals(100, ParallelKernels.boundary(100, 2, 2, 16));
        assertEquals(16, ParallelKernels.boundary(32, 1, 2, 4));
        // eight parts of 60 would leave the last 12 columns (less than a vector) alone: it starts at 32
        assertEquals(32, ParallelKernels.boundary(60, 7, 8, 16));
        assertEquals(32, ParallelKernels.boundary(60, 6, 8, 16));
        assertEquals(0, ParallelKernels.boundary(12, 1, 2, 16), "a whole narrower than a vector is one part");
    }

    @Test
    void aWorkersFailureReachesTheCaller() {
        WorkerPool pool = WorkerPool.shared();
        if (pool.maxParts() < 2) {
            return; // a one-processor machine has no workers to fail
        }
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.run((part, parts) -> {
            if (part == 1) {
                throw new IllegalStateException("part 1 failed");
            }
        }, 2));
        assertEquals("part 1 failed", thrown.getMessage());
        pool.run((part, parts) -> { }, 2); // and the pool still works
    }

    @Test
    void scalarKernelsStayOnOneThread() {
        assertSame(KernelProvider.scalar(), KernelProvider.scalar().withThreads(4));
        assertEquals(2, two.threads());
    }
}
