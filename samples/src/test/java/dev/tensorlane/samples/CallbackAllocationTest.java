package dev.tensorlane.samples;

import dev.tensorlane.callbacks.LayerStatistics;
import dev.tensorlane.callbacks.TerminateOnNaN;
import dev.tensorlane.layers.BatchNormalization;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.models.FitOptions;
import dev.tensorlane.models.Sequential;
import dev.tensorlane.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The callbacks' {@code onBatchEnd} runs on the training hot path and must not allocate. (Here and
 * not in the engine's tests because measuring per-thread allocation needs jdk.management, which
 * the engine's module does not read.)
 */
class CallbackAllocationTest {

    private static final long BOUND_BYTES_PER_ROUND = 1024;
    private static final int MAX_ROUNDS = 50;

    @Test
    void onBatchEndOfLayerStatisticsAndTerminateOnNaNDoesNotAllocate() {
        try (Sequential model = new Sequential().seed(1); Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 4, 3, 2, 1}, 2, 4)) {
            model.add(new Flatten(4));
            model.add(new Dense(6, "relu"));
            model.add(new BatchNormalization());
            model.add(new Dense(2, "softmax"));
            model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
            LayerStatistics stats = new LayerStatistics();
            TerminateOnNaN terminate = new TerminateOnNaN(new PrintStream(new ByteArrayOutputStream()));
            model.fit(x, new int[]{0, 1}, FitOptions.epochs(1).verbose(0).callbacks(stats, terminate));
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().threadId();
            for (int warm = 0; warm < 20_000; warm++) {
                stats.onBatchEnd(0, 0.5, 0.5);
                terminate.onBatchEnd(0, 0.5, 0.5);
            }
            // rounds of 1,000 calls until one stays under the bound, as in TrainingStepAllocationTest:
            // on a fast machine the warm-up can end before C2 has compiled the callbacks (one run
            // measured 3,240 bytes in its only round); an allocation in every call fails every round
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < MAX_ROUNDS && allocated >= BOUND_BYTES_PER_ROUND; round++) {
                long before = threads.getThreadAllocatedBytes(thread);
                for (int i = 0; i < 1000; i++) {
                    stats.onBatchEnd(i, 0.5, 0.5);
                    terminate.onBatchEnd(i, 0.5, 0.5);
                }
                allocated = threads.getThreadAllocatedBytes(thread) - before;
            }
            assertTrue(allocated < BOUND_BYTES_PER_ROUND, "onBatchEnd allocated " + allocated
                    + " bytes over 1000 calls in the last of " + MAX_ROUNDS + " rounds");
        }
    }
}
