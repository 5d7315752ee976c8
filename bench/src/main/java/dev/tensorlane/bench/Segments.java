package dev.tensorlane.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Float32 segments for benchmark state: 64-byte aligned, as the engine's tensors are. */
public final class Segments {

    private static final long ALIGNMENT = 64;

    private Segments() {
    }

    /** {@code n} zeros. */
    public static MemorySegment zeros(Arena arena, long n) {
        return arena.allocate(n * Float.BYTES, ALIGNMENT);
    }

    /** {@code n} copies of {@code value}. */
    public static MemorySegment filled(Arena arena, long n, float value) {
        MemorySegment segment = zeros(arena, n);
        for (long i = 0; i < n; i++) {
            segment.setAtIndex(ValueLayout.JAVA_FLOAT, i, value);
        }
        return segment;
    }

    /** {@code n} draws of {@code mean + stddev · N(0, 1)} from a generator seeded with {@code seed}. */
    public static MemorySegment gaussian(Arena arena, long n, long seed, float mean, float stddev) {
        SplittableRandom random = new SplittableRandom(seed);
        MemorySegment segment = zeros(arena, n);
        for (long i = 0; i < n; i++) {
            segment.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (mean + stddev * random.nextGaussian()));
        }
        return segment;
    }

    /** {@code n} draws of {@code N(0, 1)} from a generator seeded with {@code seed}. */
    public static MemorySegment gaussian(Arena arena, long n, long seed) {
        return gaussian(arena, n, seed, 0f, 1f);
    }
}
