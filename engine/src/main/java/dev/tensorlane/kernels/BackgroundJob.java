package dev.tensorlane.kernels;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Work that the caller hands to another core and collects later ({@link Kernels#submit},
 * {@link Kernels#await}): in a training step, a layer's weight update, which nothing upstream
 * reads, runs beside the rest of the backward pass. A job is a reusable object (no allocation per
 * step) that keeps its inputs in its own fields. A worker runs it with single-threaded kernels;
 * a caller awaiting it before any worker started it runs it at once with kernels whose calls the
 * workers join when free; with one thread the caller runs it inline. Kernels of one kind compute
 * the same bits on any number of threads, so the results do not depend on who ran the job.
 * Submit a job again only after awaiting it.
 *
 * <p>A queued job runs exactly once, on whichever thread claims it first: a worker taking the
 * oldest queued job, or a caller awaiting this one (which then runs it at once instead of waiting
 * behind older jobs).
 */
public abstract class BackgroundJob {

    private static final int IDLE = 0;
    private static final int QUEUED = 1;
    private static final int RUNNING = 2;
    private static final int DONE = 3;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private Kernels kernels;      // written before the job is published, read by the thread that runs it
    private Throwable failure;    // written before state becomes DONE

    /** The work, with the kernels to run it on (see the class comment for which). */
    protected abstract void run(Kernels kernels);

    final void enqueued(Kernels runWith) {
        if (state.get() != IDLE) { // queued, running, or done with a result (or failure) nobody collected
            throw new IllegalStateException(this + " was submitted again before it was awaited");
        }
        kernels = runWith;
        failure = null;
        state.set(QUEUED);
    }

    /**
     * Claims the job if it is queued and runs it here, keeping a failure for
     * {@link #rethrowFailure}; false when another thread claimed it (or it was never queued).
     */
    final boolean runIfQueued() {
        return runIfQueued(kernels);
    }

    /**
     * {@link #runIfQueued()} on {@code on} instead of the kernels it was submitted with: kernels
     * of the same kind, which compute the same bits on any number of threads.
     */
    final boolean runIfQueued(Kernels on) {
        if (!state.compareAndSet(QUEUED, RUNNING)) {
            return false;
        }
        try {
            run(on);
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            state.set(DONE);
        }
        return true;
    }

    /** Whether another thread is running the job now. */
    final boolean running() {
        return state.get() == RUNNING;
    }

    /** Marks a finished (or never submitted) job idle again; rethrows its failure. */
    final void rethrowFailure() {
        Throwable thrown = failure;
        failure = null;
        state.set(IDLE);
        if (thrown instanceof RuntimeException r) {
            throw r;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
    }
}
