package dev.tensorlane.samples;

import dev.tensorlane.kernels.KernelProvider;
import dev.tensorlane.layers.AlphaDropout;
import dev.tensorlane.layers.BatchNormalization;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.models.Sequential;
import dev.tensorlane.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A training step allocates nothing once compiled: {@code trainOnBatch(x, y, logs)} through the
 * seed models' layers and kernels (Dense with ReLU, SELU and softmax, batch normalization, alpha
 * dropout, Adam, the cross-entropy loss), on one thread and on two, counting the training thread
 * and the pool's workers. A kernel that boxed a vector per row or per layer would show up here as
 * hundreds of bytes per step (one JMH fork once measured 6,144 B per step, see
 * {@code VectorActivations.flushedExpRange}). Rounds of steps are measured until one stays under
 * the bound, so a slow machine's later compilation does not fail it; an allocation in every step
 * fails every round.
 */
class TrainingStepAllocationTest {

    private static final int BATCH = 32;
    private static final int WARM_UP_STEPS = 3_000;
    private static final int STEPS_PER_ROUND = 500;
    private static final int MAX_ROUNDS = 60;
    private static final double BOUND_BYTES_PER_STEP = 64;

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void trainOnBatchAllocatesNothingPerStepAfterWarmUp(int threads) {
        // the scalar kernels (-Dtensorlane.vectorBits=0, the module's other Surefire execution) take
        // ~13 ms a step here: too slow to warm up in a test
        assumeTrue(KernelProvider.get().vectorBits() > 0, "needs the vector kernels");
        SplittableRandom random = new SplittableRandom(5);
        float[] pixels = new float[BATCH * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        int[] labels = random.ints(BATCH, 0, 10).toArray();
        try (Sequential model = new Sequential().seed(3).threads(threads); Tensor x = Tensor.of(pixels, BATCH, 28, 28)) {
            model.add(new Flatten(28, 28));
            model.add(new Dense(100, "relu"));
            model.add(new BatchNormalization());
            model.add(new Dense(100, "selu"));
            model.add(new AlphaDropout(0.1));
            model.add(new Dense(10, "softmax"));
            model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
            float[] logs = new float[2];
            for (int step = 0; step < WARM_UP_STEPS; step++) {
                model.trainOnBatch(x, labels, logs);
            }
            long[] ids = trainingThreads();
            double perStep = Double.NaN;
            int round = 0;
            while (round++ < MAX_ROUNDS && !(perStep < BOUND_BYTES_PER_STEP)) {
                long before = allocated(ids);
                for (int step = 0; step < STEPS_PER_ROUND; step++) {
                    model.trainOnBatch(x, labels, logs);
                }
                perStep = (allocated(ids) - before) / (double) STEPS_PER_ROUND;
            }
            assertTrue(perStep < BOUND_BYTES_PER_STEP, "trainOnBatch allocated " + perStep + " bytes per step on "
                    + threads + " thread(s) in the last of " + MAX_ROUNDS + " rounds of " + STEPS_PER_ROUND
                    + " steps after " + WARM_UP_STEPS + ", and at least " + BOUND_BYTES_PER_STEP + " in every round");
        }
    }

    /** This thread and the worker pool's. */
    private static long[] trainingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("tensorlane-worker"))
                .mapToLong(Thread::threadId)
                .toArray();
    }

    private static long allocated(long[] threadIds) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : threadIds) {
            sum += threads.getThreadAllocatedBytes(id);
        }
        return sum;
    }
}
