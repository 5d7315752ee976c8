package dev.tensorlane.bench;

import dev.tensorlane.kernels.KernelProvider;
import dev.tensorlane.kernels.Kernels;
import dev.tensorlane.kernels.VectorKernels;

/**
 * The {@code impl} parameter of the kernel benchmarks: {@code vector} is {@link VectorKernels}
 * on the species fixed for the JVM ({@code -Dtensorlane.vectorBits}, default the CPU's preferred
 * width), {@code scalar} is the reference {@code ScalarKernels}. {@code vector} never falls back
 * silently: without the Vector API module it fails, so a "vector" score is always vector code.
 */
public final class KernelChoice {

    private KernelChoice() {
    }

    /** The kernels named by {@code impl}. */
    public static Kernels of(String impl) {
        return switch (impl) {
            case "vector" -> new VectorKernels();
            case "scalar" -> KernelProvider.scalar();
            default -> throw new IllegalArgumentException("impl must be vector or scalar, got \"" + impl + "\"");
        };
    }
}
