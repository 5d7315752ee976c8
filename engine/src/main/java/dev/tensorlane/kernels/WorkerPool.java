package dev.tensorlane.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of daemon worker threads for kernels that split one call across cores. Kernel
 * calls in a training step are microseconds long and back to back, so a job is announced with a
 * volatile generation counter that idle workers spin on (parking after a while), not a task
 * queue: no allocation and no lock hand-off. Parts are claimed from an atomic counter by whoever
 * is free, the calling thread included, so when the machine is busy and a worker is not running,
 * the caller simply does that part itself instead of waiting for it. The caller returns when
 * every part is done. One job runs at a time ({@link #run} is synchronized), so kernels may keep
 * reusable job objects whose fields they set under this pool's monitor.
 *
 * <p>Beside those split calls the pool runs {@link BackgroundJob}s: whole jobs in a FIFO ring that
 * idle workers take from; a caller awaiting a job that is still queued runs it itself at once. A
 * worker busy with a background job simply does not claim parts of a split call, whose caller then
 * does them.
 */
final class WorkerPool {

    private static final int SPINS_BEFORE_PARKING = 1 << 12;
    /** A claim counter value above any part count: claims between jobs get nothing. */
    private static final int NOTHING_TO_CLAIM = Integer.MAX_VALUE / 2;

    private static final class Holder {
        static final WorkerPool SHARED = new WorkerPool(Runtime.getRuntime().availableProcessors() - 1);
    }

    private final Worker[] workers;
    private final AtomicInteger nextPart = new AtomicInteger();
    private final AtomicInteger donePart = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile long generation;

    private static final int QUEUE_CAPACITY = 1 << 10;
    private final AtomicReferenceArray<BackgroundJob> queue = new AtomicReferenceArray<>(QUEUE_CAPACITY);
    private final AtomicLong queueHead = new AtomicLong();   // next job to claim
    private volatile long queueTail;                         // next free slot; advanced under queue's monitor
    private final AtomicInteger unfinishedJobs = new AtomicInteger();
    private PartitionedJob job;  // written before nextPart is reset, read after a part is claimed
    private int parts;

    private WorkerPool(int workerCount) {
        workers = new Worker[Math.max(0, workerCount)];
        nextPart.set(NOTHING_TO_CLAIM);
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].thread.start();
        }
    }

    /** The JVM-wide pool: one worker per available processor beyond the caller's. */
    static WorkerPool shared() {
        return Holder.SHARED;
    }

    /** Most parts that can run at once: the workers plus the calling thread. */
    int maxParts() {
        return workers.length + 1;
    }

    /**
     * Runs {@code job} in {@code parts} parts and returns when all are done. A part's exception is
     * rethrown here (after the other parts finish).
     */
    synchronized void run(PartitionedJob job, int parts) {
        if (parts <= 1 || workers.length == 0) {
            job.runPart(0, 1);
            return;
        }
        this.job = job;
        this.parts = parts;
        failure.set(null);
        donePart.set(0);
        nextPart.set(0); // publishes job and parts to whoever claims a part
        generation = generation + 1;
        for (Worker w : workers) {
            if (w.parked) {
                LockSupport.unpark(w.thread);
            }
        }
        claimAndRunParts();
        int spins = 0;
        while (donePart.get() < parts) {
            if (++spins < SPINS_BEFORE_PARKING) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        nextPart.set(NOTHING_TO_CLAIM); // a worker waking late for this job claims nothing, whatever the next job's parts
        Throwable thrown = failure.getAndSet(null);
        if (thrown instanceof RuntimeException r) {
            throw r;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
    }

    /** Queues {@code job} for the workers (or runs it here when there are none); it will run on {@code runWith}. */
    void submit(BackgroundJob job, Kernels runWith) {
        job.enqueued(runWith);
        if (workers.length == 0) {
            job.runIfQueued();
            return;
        }
        synchronized (queue) {
            while (queueTail - queueHead.get() >= QUEUE_CAPACITY) {
                runOneQueuedJob();
            }
            unfinishedJobs.incrementAndGet();
            queue.set((int) (queueTail % QUEUE_CAPACITY), job);
            queueTail = queueTail + 1; // publishes the slot
        }
        for (Worker w : workers) {
            if (w.parked) {
                LockSupport.unpark(w.thread);
                break;
            }
        }
    }

    /**
     * Returns when {@code job} has run; rethrows its exception. A job still queued runs here at
     * once on {@code runHere}, ahead of older ones (its ring slot is skipped later); one a worker
     * is running is waited for.
     */
    void await(BackgroundJob job, Kernels runHere) {
        if (job.runIfQueued(runHere)) {
            unfinishedJobs.decrementAndGet();
        } else {
            int spins = 0;
            while (job.running()) {
                if (++spins < SPINS_BEFORE_PARKING) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
        job.rethrowFailure();
    }

    private boolean queueHasWork() {
        return queueHead.get() < queueTail;
    }

    /**
     * Takes the oldest ring slot, if any, and runs its job unless an awaiting caller already ran it.
     * The slot is read before the head moves past it: it can only be reused once the head has
     * passed it, and then the claim fails. The taken slot is cleared (unless a new job already
     * took it), so the ring does not keep closed models' jobs reachable.
     */
    private boolean runOneQueuedJob() {
        long head = queueHead.get();
        if (head >= queueTail) {
            return false;
        }
        int slot = (int) (head % QUEUE_CAPACITY);
        BackgroundJob job = queue.get(slot);
        if (queueHead.compareAndSet(head, head + 1)) {
            queue.compareAndSet(slot, job, null);
            if (job.runIfQueued()) {
                unfinishedJobs.decrementAndGet();
            }
        }
        return true;
    }

    /** Whether background jobs are queued or running: the workers are busy, or soon will be. */
    boolean backgroundBusy() {
        return unfinishedJobs.get() > 0;
    }

    /** Claims parts until none is left; used by the caller and the workers alike. */
    private void claimAndRunParts() {
        int part;
        while ((part = nextPart.getAndIncrement()) < parts) {
            try {
                job.runPart(part, parts);
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            } finally {
                donePart.incrementAndGet();
            }
        }
    }

    private final class Worker implements Runnable {
        final Thread thread;
        volatile boolean parked;
        private long seen;

        Worker(int index) {
            this.thread = new Thread(this, "tensorlane-worker-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                if (awaitWork()) {
                    claimAndRunParts();
                } else {
                    runOneQueuedJob();
                }
            }
        }

        /** Waits for a new split call (returns true) or a queued background job (false). */
        private boolean awaitWork() {
            int spins = 0;
            long current;
            while ((current = generation) == seen) {
                if (queueHasWork()) {
                    return false;
                }
                if (++spins < SPINS_BEFORE_PARKING) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (generation == seen && !queueHasWork()) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    spins = 0;
                }
            }
            seen = current;
            return true;
        }
    }
}
