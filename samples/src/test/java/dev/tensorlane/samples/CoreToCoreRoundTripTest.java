package dev.tensorlane.samples;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe ends and gives a round trip; how long one takes is the machine's, not asserted. */
class CoreToCoreRoundTripTest {

    @Test
    void givesAPositiveFiniteRoundTripAndStopsItsHelper() {
        double nanos = CoreToCoreRoundTrip.nanos(Duration.ofMillis(20));
        assertTrue(nanos > 0 && Double.isFinite(nanos), "round trip " + nanos + " ns");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertTrue(!t.getName().equals("core-to-core-probe") || !t.isAlive(), "the helper thread still runs");
        }
    }
}
