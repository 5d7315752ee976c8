package dev.tensorlane.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Background jobs: run once per submission, on single-threaded kernels on a worker and on kernels
 * that split their calls when the awaiting caller runs them, failures at await.
 */
class BackgroundJobTest {

    private static final class Counting extends BackgroundJob {
        final AtomicInteger runs = new AtomicInteger();
        volatile Kernels ranOn;

        @Override
        protected void run(Kernels kernels) {
            ranOn = kernels;
            runs.incrementAndGet();
        }
    }

    /** Runs until released, so the worker stays busy with it (also used by ParallelKernelsParityTest). */
    static final class Blocking extends BackgroundJob {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        protected void run(Kernels kernels) {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void everySubmittedJobRunsOnceBeforeAwaitReturns(int threads) {
        Kernels kernels = new VectorKernels().withThreads(threads);
        Counting[] jobs = new Counting[3000]; // more than the queue holds at once
        for (int i = 0; i < jobs.length; i++) {
            jobs[i] = new Counting();
            kernels.submit(jobs[i]);
        }
        for (Counting job : jobs) {
            kernels.await(job);
            assertEquals(1, job.runs.get());
            assertTrue(job.ranOn.threads() == 1 || job.ranOn.threads() == threads, "ran on " + job.ranOn.description());
        }
        kernels.submit(jobs[0]);
        kernels.await(jobs[0]);
        assertEquals(2, jobs[0].runs.get(), "a job can be submitted again once awaited");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aFailureIsRethrownByAwaitAndTheJobStaysUsable(int threads) {
        Kernels kernels = new VectorKernels().withThreads(threads);
        IllegalStateException failure = new IllegalStateException("job failed on purpose");
        AtomicInteger calls = new AtomicInteger();
        BackgroundJob job = new BackgroundJob() {
            @Override
            protected void run(Kernels k) {
                if (calls.incrementAndGet() == 1) {
                    throw failure;
                }
            }
        };
        kernels.submit(job);
        assertSame(failure, assertThrows(IllegalStateException.class, () -> kernels.await(job)));
        kernels.submit(job);
        kernels.await(job);
        assertEquals(2, calls.get());
    }

    @Test
    void aFinishedJobMustBeAwaitedBeforeItIsSubmittedAgain() {
        Kernels kernels = new VectorKernels().withThreads(1); // runs the job at submit
        Counting job = new Counting();
        kernels.submit(job);
        assertEquals(1, job.runs.get());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kernels.submit(job));
        assertTrue(e.getMessage().contains("submitted again before it was awaited"), e.getMessage());
        kernels.await(job);
        kernels.submit(job);
        kernels.await(job);
        assertEquals(2, job.runs.get());
    }

    @Test
    void submittingAJobAgainBeforeAwaitingItIsRefused() throws InterruptedException {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "needs a worker thread");
        Kernels kernels = new VectorKernels().withThreads(2);
        Blocking blocking = new Blocking();
        kernels.submit(blocking);
        assertTrue(blocking.started.await(10, TimeUnit.SECONDS), "a worker picks the job up");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kernels.submit(blocking));
        assertTrue(e.getMessage().contains("submitted again"), e.getMessage());
        blocking.release.countDown();
        kernels.await(blocking);
    }

    @Test
    void awaitingAQueuedJobRunsItOnTheCallerAheadOfOlderJobs() throws InterruptedException {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "needs a worker thread");
        Kernels kernels = new VectorKernels().withThreads(2);
        Blocking blocking = new Blocking();
        kernels.submit(blocking);
        assertTrue(blocking.started.await(10, TimeUnit.SECONDS), "the worker is busy with the first job");
        Counting older = new Counting();
        Counting wanted = new Counting();
        kernels.submit(older);
        kernels.submit(wanted);
        kernels.await(wanted); // returns while the worker is still blocked: it ran here
        assertEquals(1, wanted.runs.get());
        assertEquals(2, wanted.ranOn.threads(), "the caller runs it on kernels whose calls a free worker joins");
        assertEquals(0, older.runs.get(), "the older queued job waits for the worker");
        blocking.release.countDown();
        kernels.await(blocking);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (older.runs.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the worker takes the older job next
        }
        kernels.await(older);
        assertEquals(1, older.runs.get());
        assertEquals(1, older.ranOn.threads(), "a worker runs a job on single-threaded kernels");
        kernels.submit(wanted); // the worker later passes the stale slot without running it again
        kernels.await(wanted);
        assertEquals(2, wanted.runs.get());
    }
}
