package dev.tensorlane.models;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The model's one source of randomness (initial weights, shuffling, dropout masks): a
 * {@link SplittableRandom} that {@code fit}'s seed option can restart, while layers keep
 * referring to this same object.
 */
final class SeededRandom implements RandomGenerator {

    private SplittableRandom delegate;

    SeededRandom(long seed) {
        reseed(seed);
    }

    void reseed(long seed) {
        delegate = new SplittableRandom(seed);
    }

    @Override
    public long nextLong() {
        return delegate.nextLong();
    }

    @Override
    public int nextInt() {
        return delegate.nextInt();
    }

    @Override
    public int nextInt(int bound) {
        return delegate.nextInt(bound);
    }

    @Override
    public double nextDouble() {
        return delegate.nextDouble();
    }
}
