package dev.tensorlane.kernels;

import static dev.tensorlane.kernels.VectorKernels.FB;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Each thread's two buffers for {@link VectorKernels#matmulTransB}'s transposed operands. A buffer
 * is replaced by a bigger one when a product first needs more (the old one is left to the
 * collector), so a training loop that repeats its shapes allocates nothing after its first step.
 */
final class TransposeScratch {

    private static final ThreadLocal<TransposeScratch> PER_THREAD = ThreadLocal.withInitial(TransposeScratch::new);

    private MemorySegment first = MemorySegment.NULL;
    private MemorySegment second = MemorySegment.NULL;

    static TransposeScratch ofThisThread() {
        return PER_THREAD.get();
    }

    /** The first buffer, at least {@code floats} long. */
    MemorySegment first(long floats) {
        return first = atLeast(first, floats);
    }

    /** The second buffer, at least {@code floats} long. */
    MemorySegment second(long floats) {
        return second = atLeast(second, floats);
    }

    private static MemorySegment atLeast(MemorySegment buffer, long floats) {
        return buffer.byteSize() >= floats * FB ? buffer : Arena.ofAuto().allocate(floats * FB, 64);
    }

    private TransposeScratch() {
    }
}
