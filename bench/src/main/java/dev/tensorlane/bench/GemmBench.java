package dev.tensorlane.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * The three GEMM kernels ({@code matmul} A·B + bias, {@code matmulTransA} Aᵀ·B, {@code matmulTransB}
 * A·Bᵀ). Per op, for a case {@code FORM:MxKxN} (see {@link GemmCase}): {@code 2·M·K·N} FLOPs
 * (+ {@code M·N} bias adds for {@code ab}) and {@code 4·(M·K + K·N + M·N)} bytes of operands
 * (each read or written once), so GFLOP/s = score · 2·M·K·N / 1e9.
 * <ul>
 *   <li>{@link #seedModel}: the seed model's layers at batch 32 (784→100, 100→100, 100→10):
 *       forward {@code x·W} ({@code ab}), weight gradients {@code xᵀ·dz} ({@code atb}) and input
 *       gradients {@code dz·Wᵀ} ({@code abt}; the first layer needs none), vector and scalar.</li>
 *   <li>{@link #large}: 1024×1024×1024 in each form, vector only (the scalar triple loop takes
 *       seconds per op there).</li>
 * </ul>
 * The seed shapes measure one thread ({@code VectorKernels} itself); the 1024³ cases take a
 * {@code threads} parameter (1, 2): the worker pool splits C's rows of A·B and Aᵀ·B between the
 * threads (A·Bᵀ is not split). {@link TrainStepBench}'s {@code threads} covers the seed shapes
 * inside a training step.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GemmBench {

    /** The seed model's GEMMs at batch 32. */
    @State(Scope.Thread)
    public static class SeedShapes {
        @Param({"ab:32x784x100", "ab:32x100x100", "ab:32x100x10",
                "atb:784x32x100", "atb:100x32x100", "atb:100x32x10",
                "abt:32x100x100", "abt:32x10x100"})
        public String gemm;

        /** {@code vector} or {@code scalar} kernels. */
        @Param({"vector", "scalar"})
        public String impl;

        GemmOperands operands;

        @Setup(Level.Trial)
        public void setUp() {
            operands = new GemmOperands(GemmCase.parse(gemm), KernelChoice.of(impl));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            operands.close();
        }
    }

    /** 1024³ in each form, vector kernels. */
    @State(Scope.Thread)
    public static class LargeShapes {
        @Param({"ab:1024x1024x1024", "atb:1024x1024x1024", "abt:1024x1024x1024"})
        public String gemm;

        /** Threads of the worker pool the kernels split C's rows over (A·Bᵀ stays on one). */
        @Param({"1", "2"})
        public int threads;

        GemmOperands operands;

        @Setup(Level.Trial)
        public void setUp() {
            operands = new GemmOperands(GemmCase.parse(gemm), KernelChoice.of("vector").withThreads(threads));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            operands.close();
        }
    }

    /** One of the seed model's GEMMs; returns C. */
    @Benchmark
    public MemorySegment seedModel(SeedShapes state) {
        return state.operands.run();
    }

    /** A 1024³ GEMM; returns C. */
    @Benchmark
    public MemorySegment large(LargeShapes state) {
        return state.operands.run();
    }
}
