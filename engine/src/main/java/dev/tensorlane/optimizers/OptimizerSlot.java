package dev.tensorlane.optimizers;

import java.lang.foreign.MemorySegment;

/**
 * One piece of an optimizer's per-weight state, for checkpoints: a name derived from the weight's
 * ({@code dense_3/kernel/m}), the weight's shape, and the live segment the optimizer updates.
 */
public record OptimizerSlot(String name, int[] shape, MemorySegment value) {
    public OptimizerSlot {
        shape = shape.clone();
    }
}
