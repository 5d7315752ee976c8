package dev.tensorlane.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * The machine's limits, measured in the same run as the kernels so that the report can state
 * every result as a fraction of them. One core, like the kernel suites.
 * <ul>
 *   <li>{@link #fmaPeak}: {@link FmaChains#CHAINS} independent FMA chains on the preferred
 *       species for {@link #FMA_ITERATIONS} steps: {@code 2 · lanes · 12 · 4096} FLOPs per op
 *       (1,572,864 with 16 lanes), no memory traffic.</li>
 *   <li>{@link #copyBandwidth}: {@link MemorySegment#copy} of a {@link #COPY_BYTES} (256 MiB)
 *       segment into another, far larger than the caches: {@code 2 · 256 MiB} per op (read +
 *       write, the convention of the 25 GB/s; write-allocate traffic not counted).</li>
 * </ul>
 * Chain inputs come from the state, not constants, and the chains' sum is returned, so C2 can
 * neither fold nor drop them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class RooflineBench {

    /** Steps of every FMA chain per op. */
    public static final int FMA_ITERATIONS = 4096;

    /** Bytes of the copied segment. */
    public static final long COPY_BYTES = 256L << 20;

    float start = 0.5f;
    float multiplier = 0.999f;
    float addend = 0.001f;
    private Arena arena;
    MemorySegment source;
    MemorySegment destination;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        source = arena.allocate(COPY_BYTES, 64);
        destination = arena.allocate(COPY_BYTES, 64);
        source.fill((byte) 0x3f); // touch every page before measuring
        destination.fill((byte) 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** Peak FMA throughput of one core; returns the chains' sum. */
    @Benchmark
    public float fmaPeak() {
        return FmaChains.run(start, multiplier, addend, FMA_ITERATIONS);
    }

    /** Copy bandwidth of one core; returns the destination. */
    @Benchmark
    public MemorySegment copyBandwidth() {
        MemorySegment.copy(source, 0, destination, 0, COPY_BYTES);
        return destination;
    }

    /** Per-op cost of {@code method}. */
    public static OpCost cost(String method) {
        return switch (method) {
            case "fmaPeak" -> new OpCost(0, 0, FmaChains.flops(FMA_ITERATIONS));
            case "copyBandwidth" -> new OpCost(COPY_BYTES / Float.BYTES, 2 * COPY_BYTES, 0);
            default -> throw new IllegalArgumentException("RooflineBench has no benchmark " + method);
        };
    }
}
