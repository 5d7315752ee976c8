package dev.tensorlane.bench;

import dev.tensorlane.activations.ActivationFunction;
import dev.tensorlane.activations.Activations;
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
 * SELU forward and backward on an {@code x[rows × cols]} batch, vector against scalar: the
 * {@code elu} kernels with {@code StandardActivation}'s SELU alpha and scale. Inputs are N(0, 1),
 * so about half the elements take the {@code exp} branch. With {@code n = rows · cols}, per op:
 * <ul>
 *   <li>{@link #forward}: reads x, writes y: {@code 8n} bytes; {@code n} exp evaluations for
 *       the negative half and about {@code 3n} further FLOPs (compare, subtract, two multiplies).</li>
 *   <li>{@link #backward}: reads x and dy, writes dx: {@code 12n} bytes; {@code n/2} exp
 *       evaluations and about {@code 3n} further FLOPs.</li>
 * </ul>
 * FLOPs are not counted for the report (an exp is not a FLOP); elements/s and GB/s are the
 * figures of merit. {@code -p activation=relu,elu,sigmoid,tanh} runs the other element-wise
 * activations through the same code path (same byte counts; sigmoid and tanh read y instead of
 * x in backward). Single-threaded kernels: no {@code threads} parameter.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SeluBench {

    /** Batch × features, as in {@link BatchNormBench}. */
    @Param({"32x100", "256x100", "1024x1024", "4096x1024"})
    public String shape;

    /** {@code vector} or {@code scalar} kernels. */
    @Param({"vector", "scalar"})
    public String impl;

    /** Keras name of an element-wise activation; {@code selu} by default. */
    @Param({"selu"})
    public String activation;

    private Kernels kernels;
    private ActivationFunction function;
    private Arena arena;
    private int rows;
    private int cols;
    MemorySegment x;
    MemorySegment y;
    MemorySegment dy;
    MemorySegment dx;

    @Setup(Level.Trial)
    public void setUp() {
        MatrixShape s = MatrixShape.parse(shape);
        rows = s.rows();
        cols = s.cols();
        if (activation.equals("softmax")) {
            throw new IllegalArgumentException("SeluBench runs element-wise activations; softmax is row-wise");
        }
        kernels = KernelChoice.of(impl);
        function = Activations.get(activation);
        arena = Arena.ofShared();
        x = Segments.gaussian(arena, s.elements(), 11);
        dy = Segments.gaussian(arena, s.elements(), 12);
        y = Segments.zeros(arena, s.elements());
        dx = Segments.zeros(arena, s.elements());
        forward(); // backward of sigmoid and tanh reads y
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** {@code y = selu(x)}; returns y. */
    @Benchmark
    public MemorySegment forward() {
        function.forward(kernels, x, y, rows, cols);
        return y;
    }

    /** {@code dx = dy · selu'(x)}; returns dx. */
    @Benchmark
    public MemorySegment backward() {
        function.backward(kernels, x, y, dy, dx, rows, cols);
        return dx;
    }

    /** Per-op cost of {@code method} at {@code shape}, as the class comment states it (FLOPs: 0, not counted). */
    public static OpCost cost(String method, MatrixShape shape) {
        long n = shape.elements();
        return switch (method) {
            case "forward" -> new OpCost(n, 8 * n, 0);
            case "backward" -> new OpCost(n, 12 * n, 0);
            default -> throw new IllegalArgumentException("SeluBench has no benchmark " + method);
        };
    }
}
