package dev.tensorlane.bench;

import dev.tensorlane.kernels.Kernels;
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

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * BatchNormalization's three kernels on an {@code x[rows × cols]} batch (statistics per column,
 * over the rows), vector against scalar. With {@code n = rows · cols}, per op:
 * <ul>
 *   <li>{@link #forwardTraining}: reads x, writes y and xhat: {@code 12n} bytes; about
 *       {@code 8n} FLOPs (mean 1, variance 3, xhat 2, {@code gamma·xhat + beta} 2).</li>
 *   <li>{@link #forwardInference}: reads x, writes y: {@code 8n} bytes; {@code 2n} FLOPs
 *       (one FMA per element, scale and shift folded per column).</li>
 *   <li>{@link #backward}: reads dy and xhat, writes dx: {@code 12n} bytes; about {@code 8n}
 *       FLOPs (dbeta 1, dgamma 2, dx 5).</li>
 * </ul>
 * Per-column vectors (gamma, beta, statistics: {@code O(cols)}) are left out of the counts.
 * Inputs are N(0, 1) from fixed seeds, except gamma ~ N(1, 0.1) and a positive moving variance.
 * These measure one thread ({@code VectorKernels} itself); the worker pool's split of the same
 * kernels is measured end to end by {@link TrainStepBench}'s {@code threads} parameter.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class BatchNormBench {

    /** Keras's default epsilon. */
    static final float EPSILON = 1e-3f;

    /** Batch × features: the seed's layer (32,100), then larger batches and layers. */
    @Param({"32x100", "256x100", "1024x1024", "4096x1024"})
    public String shape;

    /** {@code vector} or {@code scalar} kernels. */
    @Param({"vector", "scalar"})
    public String impl;

    private Kernels kernels;
    private Arena arena;
    private int rows;
    private int cols;
    MemorySegment x;
    MemorySegment y;
    MemorySegment xhat;
    MemorySegment dy;
    MemorySegment dx;
    MemorySegment gamma;
    MemorySegment beta;
    MemorySegment mean;
    MemorySegment variance;
    MemorySegment invStd;
    MemorySegment movingMean;
    MemorySegment movingVariance;
    MemorySegment dgamma;
    MemorySegment dbeta;

    @Setup(Level.Trial)
    public void setUp() {
        MatrixShape s = MatrixShape.parse(shape);
        rows = s.rows();
        cols = s.cols();
        long n = s.elements();
        kernels = KernelChoice.of(impl);
        arena = Arena.ofShared();
        x = Segments.gaussian(arena, n, 1);
        dy = Segments.gaussian(arena, n, 2);
        y = Segments.zeros(arena, n);
        xhat = Segments.zeros(arena, n);
        dx = Segments.zeros(arena, n);
        gamma = Segments.gaussian(arena, cols, 3, 1f, 0.1f);
        beta = Segments.gaussian(arena, cols, 4, 0f, 0.1f);
        movingMean = Segments.gaussian(arena, cols, 5, 0f, 0.1f);
        movingVariance = Segments.filled(arena, cols, 1.5f);
        mean = Segments.zeros(arena, cols);
        variance = Segments.zeros(arena, cols);
        invStd = Segments.zeros(arena, cols);
        dgamma = Segments.zeros(arena, cols);
        dbeta = Segments.zeros(arena, cols);
        forwardTraining(); // backward's xhat and invStd
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** Training-mode forward; returns y. */
    @Benchmark
    public MemorySegment forwardTraining() {
        kernels.batchNormTraining(x, y, xhat, rows, cols, gamma, beta, EPSILON, mean, variance, invStd);
        return y;
    }

    /** Inference-mode forward with the moving statistics; returns y. */
    @Benchmark
    public MemorySegment forwardInference() {
        kernels.batchNormInference(x, y, rows, cols, gamma, beta, movingMean, movingVariance, EPSILON);
        return y;
    }

    /** Training-mode backward (dx, dgamma, dbeta); returns dx. */
    @Benchmark
    public MemorySegment backward() {
        kernels.batchNormBackward(dy, xhat, invStd, gamma, dx, dgamma, dbeta, rows, cols);
        return dx;
    }

    /** Per-op cost of {@code method} at {@code shape}, as the class comment states it. */
    public static OpCost cost(String method, MatrixShape shape) {
        long n = shape.elements();
        return switch (method) {
            case "forwardTraining" -> new OpCost(n, 12 * n, 8 * n);
            case "forwardInference" -> new OpCost(n, 8 * n, 2 * n);
            case "backward" -> new OpCost(n, 12 * n, 8 * n);
            default -> throw new IllegalArgumentException("BatchNormBench has no benchmark " + method);
        };
    }
}
