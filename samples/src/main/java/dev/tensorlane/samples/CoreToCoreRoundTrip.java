package dev.tensorlane.samples;

import java.time.Duration;

/**
 * How long a cache line takes to travel to another core and back: this thread and a helper take
 * turns incrementing one shared counter (this thread makes it odd, the helper even), and every
 * turn moves the counter's line between their cores. The operating system places the two threads
 * as it places a model's caller and worker, so the figure tells how close the cores it hands a
 * two-thread run are: on a virtual machine it changes when the host moves the virtual CPUs
 * (seen here: 45–90 ns round trips in some spells, 370–630 ns in others, minutes apart).
 */
final class CoreToCoreRoundTrip {

    /** Round trips between two looks at the clock. */
    private static final int TURNS_PER_CHECK = 100;

    private volatile long counter;
    private volatile boolean stop;

    private CoreToCoreRoundTrip() {
    }

    /** The mean round trip in nanoseconds over about {@code duration} of turns. */
    static double nanos(Duration duration) {
        return new CoreToCoreRoundTrip().measure(duration.toNanos());
    }

    private double measure(long durationNanos) {
        Thread helper = new Thread(this::answerOddValues, "core-to-core-probe");
        helper.setDaemon(true);
        helper.start();
        long turns = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            for (int i = 0; i < TURNS_PER_CHECK; i++) {
                long sent = counter + 1;
                counter = sent; // odd: the helper's turn
                while (counter == sent) {
                    Thread.onSpinWait();
                }
            }
            turns += TURNS_PER_CHECK;
            elapsed = System.nanoTime() - start;
        } while (elapsed < durationNanos);
        stop = true;
        try {
            helper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (double) elapsed / turns;
    }

    private void answerOddValues() {
        while (!stop) {
            long value = counter;
            if ((value & 1) == 1) {
                counter = value + 1;
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
