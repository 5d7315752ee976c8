package dev.tensorlane.bench.report;

import java.util.Map;

/**
 * The reference figures: PyTorch 1.13, one thread, on this machine, quiet; forward +
 * backward in elements/s per shape. The targets are 3× these.
 */
public final class PyTorchReference {

    /** BatchNormalization forward (training) + backward, elements/s. */
    public static final Map<String, Double> BATCH_NORM = Map.of(
            "32x100", 80e6, "256x100", 255e6, "1024x1024", 334e6, "4096x1024", 398e6);

    /** SELU forward + backward, elements/s. */
    public static final Map<String, Double> SELU = Map.of(
            "32x100", 203e6, "256x100", 430e6, "1024x1024", 529e6, "4096x1024", 528e6);

    /** Required speed-up over PyTorch. */
    public static final double TARGET_SPEEDUP = 3.0;

    /** Required fraction of the measured copy bandwidth at (4096, 1024). */
    public static final double TARGET_BANDWIDTH_FRACTION = 0.8;

    /** Required vector/scalar ratio at (1024, 1024). */
    public static final double TARGET_VECTOR_OVER_SCALAR = 4.0;

    private PyTorchReference() {
    }
}
