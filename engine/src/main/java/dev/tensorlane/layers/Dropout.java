package dev.tensorlane.layers;

import java.lang.foreign.MemorySegment;

/**
 * Keras's {@code Dropout(rate)}: inverted dropout. In training each unit is kept with
 * probability {@code 1 − rate} and scaled by {@code 1/(1 − rate)}, else zeroed; identity in inference.
 */
public final class Dropout extends RandomMaskLayer {

    public Dropout(double rate) {
        this(rate, null);
    }

    public Dropout(double rate, String name) {
        super((float) rate, name);
    }

    @Override
    protected void applyMask(MemorySegment x, MemorySegment u, MemorySegment y, long n) {
        kernels.dropout(x, u, y, n, rate());
    }

    @Override
    protected void applyMaskBackward(MemorySegment u, MemorySegment dy, MemorySegment dx, long n) {
        kernels.dropoutBackward(u, dy, dx, n, rate());
    }
}
