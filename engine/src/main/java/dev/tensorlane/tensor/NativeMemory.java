package dev.tensorlane.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every native allocation the engine makes goes through an arena from {@link #newArena()}: a
 * shared arena that counts what it hands out, so that the bytes and arenas still alive can be
 * read at any time ({@link #liveBytes()}, {@link #liveArenas()}). The JDK has no counter for
 * FFM memory (the buffer-pool MXBeans see only direct ByteBuffers), so this one is the engine's
 * own bookkeeping: the counts cover the engine's arenas, not memory a caller allocates itself.
 */
public final class NativeMemory {

    private static final AtomicLong LIVE_BYTES = new AtomicLong();
    private static final AtomicLong LIVE_ARENAS = new AtomicLong();

    private NativeMemory() {
    }

    /** A new shared arena whose allocations are counted until it is closed. */
    public static Arena newArena() {
        return new CountingArena(Arena.ofShared());
    }

    /** Bytes allocated from the engine's arenas that are still open. */
    public static long liveBytes() {
        return LIVE_BYTES.get();
    }

    /** Engine arenas created and not yet closed. */
    public static long liveArenas() {
        return LIVE_ARENAS.get();
    }

    private static final class CountingArena implements Arena {
        private final Arena delegate;
        private final AtomicLong allocated = new AtomicLong();

        CountingArena(Arena delegate) {
            this.delegate = delegate;
            LIVE_ARENAS.incrementAndGet();
        }

        @Override
        public MemorySegment allocate(long byteSize, long byteAlignment) {
            MemorySegment segment = delegate.allocate(byteSize, byteAlignment);
            allocated.addAndGet(byteSize);
            LIVE_BYTES.addAndGet(byteSize);
            return segment;
        }

        @Override
        public MemorySegment.Scope scope() {
            return delegate.scope();
        }

        @Override
        public void close() {
            delegate.close(); // throws IllegalStateException when already closed, so the counts drop once
            LIVE_BYTES.addAndGet(-allocated.get());
            LIVE_ARENAS.decrementAndGet();
        }
    }
}
