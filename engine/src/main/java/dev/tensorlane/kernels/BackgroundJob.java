package dev.tensorlane.kernels;

/**
 * Work that the caller hands to another core and collects later ({@link Kernels#submit},
 * {@link Kernels#await}): in a training step, a layer's weight update, which nothing upstream
 * reads, runs beside the rest of the backward pass. A job is a reusable object (no allocation per
 * step) that keeps its inputs in its own fields; it runs on one thread with single-threaded
 * kernels, so its results are the same bits whichever thread runs it, or the caller inline when
 * the kernels have one thread. Submit a job again only after awaiting it.
 */
public abstract class BackgroundJob {

    private static final int IDLE = 0;
    private static final int QUEUED = 1;
    private static final int DONE = 2;

    private volatile int state = IDLE;
    private Kernels kernels;      // written before the job is published, read by the thread that runs it
    private Throwable failure;    // written before state becomes DONE

    /** The work, with the single-threaded kernels to run it on. */
    protected abstract void run(Kernels kernels);

    final void enqueued(Kernels runWith) {
        if (state != IDLE) { // queued, running, or done with a result (or failure) nobody collected
            throw new IllegalStateException(this + " was submitted again before it was awaited");
        }
        kernels = runWith;
        failure = null;
        state = QUEUED;
    }

    /** Runs the job once, keeping a failure for {@link #rethrowFailure}. */
    final void execute() {
        try {
            run(kernels);
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            state = DONE;
        }
    }

    final boolean queued() {
        return state == QUEUED;
    }

    /** Marks a job that ran inline as idle again; rethrows its failure. */
    final void rethrowFailure() {
        Throwable thrown = failure;
        failure = null;
        state = IDLE;
        if (thrown instanceof RuntimeException r) {
            throw r;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
    }
}
