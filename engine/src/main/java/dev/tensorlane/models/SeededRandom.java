package dev.tensorlane.models;

import java.util.random.RandomGenerator;

/**
 * The model's one source of randomness (initial weights, shuffling, dropout masks): SplitMix64
 * (Steele, Lea and Flood), written out so that its one word of state can be saved in a checkpoint
 * and restored for {@code --resume}. It draws exactly the numbers {@code new SplittableRandom(seed)}
 * draws (same gamma, same mixing functions for {@code nextLong} and {@code nextInt}; the bounded
 * and floating-point draws come from {@link RandomGenerator}'s defaults as they do there).
 * {@code fit}'s seed option restarts it while layers keep referring to this same object.
 */
final class SeededRandom implements RandomGenerator {

    /** The odd constant SplittableRandom adds to its state per draw (2^64 / φ). */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    SeededRandom(long seed) {
        reseed(seed);
    }

    void reseed(long seed) {
        state = seed;
    }

    /** The generator's whole state: restoring it with {@link #restore} replays the same draws. */
    long state() {
        return state;
    }

    void restore(long savedState) {
        state = savedState;
    }

    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public int nextInt() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}
