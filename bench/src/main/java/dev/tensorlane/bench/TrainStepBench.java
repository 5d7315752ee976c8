package dev.tensorlane.bench;

import dev.tensorlane.models.FitOptions;
import dev.tensorlane.models.History;
import dev.tensorlane.models.Sequential;
import dev.tensorlane.samples.SeedModels;
import dev.tensorlane.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One full training step (forward, loss, backward, Adam) of a seed model on one batch of
 * 28×28 inputs drawn from a fixed seed. Per op: {@code batch} samples; the score in ops/s times
 * {@code batch} is samples/s. The {@code bn} model does about 1.46 MFLOP of matrix work per sample.
 * {@code trainStep} is one {@code trainOnBatch} call, which returns with the step's weight updates
 * done; {@code fitStep} is a step of {@code fit} over {@value #EPOCH_STEPS} batches, where each
 * step's updates finish beside the next step's forward pass (its B/op includes one epoch's
 * bookkeeping, shared by the epoch's steps).
 * Twenty-five seconds of warm-up: kernels called once per step (the loss, the last layer) reach C2
 * only after thousands of steps, and until then their vector code runs boxed, allocating per step.
 * At batch 256 on one thread (about 85 steps/s) a fresh JVM allocated ~46 KB per step until ~11 s
 * and 64 B until ~22 s; with 15 s of warm-up one fork of {@code trainStep} bn/256 was still
 * measuring that (43 KB/op, 0.65× the other fork's steps/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 25, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class TrainStepBench {

    @Param({"bn", "selu"})
    public String model;

    @Param({"32", "256"})
    public int batch;

    /** Threads the kernels may use (results are bit-identical for any count). */
    @Param({"1", "2"})
    public int threads;

    private Sequential network;
    private Tensor x;
    private int[] y;
    private final float[] logs = new float[2];

    static final int EPOCH_STEPS = 50;
    private Tensor epochX;
    private int[] epochY;
    private FitOptions oneEpoch;

    @Setup(Level.Trial)
    public void setUp() {
        network = SeedModels.create(model).threads(threads).adaptiveThreads(false); // the thread count as given
        network.compile("sparse_categorical_crossentropy", "adam", "accuracy");
        SplittableRandom random = new SplittableRandom(7);
        float[] pixels = new float[batch * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        x = Tensor.of(pixels, batch, 28, 28);
        y = random.ints(batch, 0, 10).toArray();
        float[] epochPixels = new float[EPOCH_STEPS * batch * 784];
        for (int i = 0; i < epochPixels.length; i++) {
            epochPixels[i] = (float) random.nextGaussian();
        }
        epochX = Tensor.of(epochPixels, EPOCH_STEPS * batch, 28, 28);
        epochY = random.ints(EPOCH_STEPS * batch, 0, 10).toArray();
        oneEpoch = FitOptions.epochs(1).batchSize(batch).verbose(0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        network.close();
        x.close();
        epochX.close();
    }

    /** Returns the batch's loss so the step cannot be eliminated; allocates nothing itself. */
    @Benchmark
    public float trainStep() {
        return network.trainOnBatch(x, y, logs);
    }

    /** One epoch of {@value #EPOCH_STEPS} steps through {@code fit} (shuffled, no progress bar); scored per step. */
    @Benchmark
    @OperationsPerInvocation(EPOCH_STEPS)
    public History fitStep() {
        return network.fit(epochX, epochY, oneEpoch);
    }
}
