package dev.tensorlane.samples;

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

/**
 * A training step allocates nothing once compiled: {@code trainOnBatch(x, y, logs)} through the
 * seed models' layers and kernels (Dense with ReLU, SELU and softmax, batch normalization, alpha
 * dropout, Adam, the cross-entropy loss), on one thread and on two, counting the training thread
 * and the pool's workers. A kernel that boxed a vector per row or per layer would show up here as
 * hundreds of bytes per step (one JMH fork once measured 6,144 B per step, see
 * {@code VectorActivations.flushedExpRange}). The bound leaves room for the JIT's occasional
 * late compilation, not for a per-step allocation.
 */
class TrainingStepAllocationTest {

    private static final int BATCH = 32;
    private static final int WARM_UP_STEPS = 6_000;
    private static final int MEASURED_STEPS = 500;

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void trainOnBatchAllocatesNothingPerStepAfterWarmUp(int threads) {
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
            long before = allocated(ids);
            for (int step = 0; step < MEASURED_STEPS; step++) {
                model.trainOnBatch(x, labels, logs);
            }
            double perStep = (allocated(ids) - before) / (double) MEASURED_STEPS;
            assertTrue(perStep < 64, "trainOnBatch allocated " + perStep + " bytes per step on " + threads
                    + " thread(s) after " + WARM_UP_STEPS + " steps");
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
