package dev.tensorlane.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Element-wise comparison of float segments with a mixed absolute/relative tolerance. */
final class SegmentAssert {

    private SegmentAssert() {
    }

    /** Every element of {@code actual} within {@code tolerance · (1 + |expected|)} of {@code expected}. */
    static void assertClose(MemorySegment expected, MemorySegment actual, double tolerance, String what) {
        assertEquals(expected.byteSize(), actual.byteSize(), what + ": sizes differ");
        long n = expected.byteSize() / Float.BYTES;
        for (long i = 0; i < n; i++) {
            float e = expected.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            float a = actual.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            if (!(Math.abs(a - e) <= tolerance * (1 + Math.abs(e)))) {
                fail(what + ": element " + i + " is " + a + ", the scalar reference says " + e);
            }
        }
    }
}
