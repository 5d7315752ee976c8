package dev.tensorlane.models;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SeededRandomTest {

    @Test
    void drawsWhatSplittableRandomDraws() {
        for (long seed : new long[]{0, 1, 42, -7, Long.MAX_VALUE}) {
            SeededRandom ours = new SeededRandom(seed);
            SplittableRandom jdk = new SplittableRandom(seed);
            for (int i = 0; i < 1000; i++) {
                assertEquals(jdk.nextLong(), ours.nextLong());
                assertEquals(jdk.nextInt(), ours.nextInt());
                assertEquals(jdk.nextInt(i + 1), ours.nextInt(i + 1));
                assertEquals(jdk.nextDouble(), ours.nextDouble());
                assertEquals(jdk.nextFloat(), ours.nextFloat());
            }
        }
    }

    @Test
    void restoredStateReplaysTheSameDraws() {
        SeededRandom random = new SeededRandom(5);
        random.nextLong();
        long saved = random.state();
        long[] first = {random.nextLong(), random.nextInt(10), Double.doubleToLongBits(random.nextDouble())};
        SeededRandom other = new SeededRandom(99);
        other.restore(saved);
        long[] second = {other.nextLong(), other.nextInt(10), Double.doubleToLongBits(other.nextDouble())};
        assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(second));
    }
}
