package dev.tensorlane.models;

import dev.tensorlane.callbacks.Callback;
import dev.tensorlane.callbacks.ProgressBar;
import dev.tensorlane.kernels.KernelProvider;
import dev.tensorlane.kernels.Kernels;
import dev.tensorlane.layers.Layer;
import dev.tensorlane.layers.LayerContext;
import dev.tensorlane.layers.Parameter;
import dev.tensorlane.io.SafetensorsFile;
import dev.tensorlane.losses.Loss;
import dev.tensorlane.losses.Losses;
import dev.tensorlane.metrics.Accuracy;
import dev.tensorlane.optimizers.Optimizer;
import dev.tensorlane.optimizers.Optimizers;
import dev.tensorlane.tensor.NativeMemory;
import dev.tensorlane.tensor.Tensor;

import java.lang.foreign.Arena;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras's {@code Sequential} model: a stack of layers trained with {@link #fit}.
 *
 * <pre>{@code
 * try (var model = new Sequential()) {
 *     model.add(new Flatten(28, 28));
 *     model.add(new Dense(100, "relu"));
 *     model.add(new Dense(10, "softmax"));
 *     model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
 *     History history = model.fit(xTrain, yTrain, 10, xValid, yValid);
 * }
 * }</pre>
 *
 * <p>Weights, optimizer state and per-batch workspaces live in native memory owned by the model;
 * {@link #close()} frees them, after which every call throws {@link IllegalStateException}. The
 * model's seeded generator ({@link #DEFAULT_SEED} unless {@link #seed(long)} says otherwise) makes
 * initial weights, shuffling and dropout masks reproducible. The model's public methods that use
 * its weights or workspaces ({@code fit}, {@code trainOnBatch}, {@code evaluate}, {@code predict},
 * saving, loading, {@code close}) synchronize on the model: calls from several threads run one at a
 * time, so each returns exactly its single-threaded result (a model never runs two batches at once;
 * use one model per thread for parallel inference). Inputs must be finite: NaN or infinite values
 * in {@code x} are refused with an {@link IllegalArgumentException} naming the first one.
 */
public final class Sequential implements AutoCloseable {

    /** Seed used unless {@link #seed(long)} sets another. */
    public static final long DEFAULT_SEED = 42;
    /**
     * System property: {@code false} keeps {@code fit} on all of a model's threads; by default
     * ({@code true}) a {@link ThreadGovernor} runs the steps on one thread while that measures faster.
     */
    public static final String ADAPTIVE_THREADS_PROPERTY = "tensorlane.adaptiveThreads";
    /** Rows per chunk in evaluate, predict and validation, which do no training-only work. */
    static final int INFERENCE_BATCH = 1000;

    private final String name;
    private Kernels kernels = KernelProvider.get();
    /** What the layers run on now: {@link #kernels}, or inside fit its one-thread version while the governor says so. */
    private Kernels stepKernels = kernels;
    private boolean adaptiveThreads = !"false".equalsIgnoreCase(System.getProperty(ADAPTIVE_THREADS_PROPERTY));
    private ThreadGovernor governor; // created by the first fit on more than one thread, when adaptive
    private final List<Layer> layers = new ArrayList<>();
    private final Set<String> namesTaken = new HashSet<>();
    private final Map<String, Integer> nextNameIndex = new HashMap<>();
    private final SeededRandom random = new SeededRandom(DEFAULT_SEED);

    private Arena weightArena;
    private List<Parameter> weights = List.of();
    private boolean[] needsInputGradient;
    private LayerUpdateJob[] updateJobs = new LayerUpdateJob[0];
    /**
     * Inside fit, a step's update jobs run on beside the next step's forward pass, which awaits
     * them layer by layer: before layer i writes its output, {@code updatesReadBefore[i + 1]} is the
     * last job it awaits (index −1: the input batch). That is the first layer with weights above i,
     * whose job reads its input (which may be i's output, passed through layers that copy nothing),
     * or the top layer when none is above. Every public method returns with no job pending.
     */
    private int[] updatesReadBefore = new int[0];
    private int updatesAwaitedBelow; // update jobs with a lower index have finished
    /** In fit, another step follows this one without the weights changing in between; not so after trainOnBatch. */
    private boolean nextStepFollows;
    private int[] sampleShape; // the first layer's input shape, kept for the per-batch input check

    private Arena workspaceArena;
    private int workspaceRows;
    private MemorySegment inputBatch;
    private MemorySegment lossGradient;
    private int[] batchLabels;
    private MemorySegment batchTargets;   // float targets of the batch, for the non-sparse losses
    private boolean targetsInBatch;       // whether the batch in the workspace has float targets (else int labels)

    private Loss loss;
    private Optimizer optimizer;
    private Accuracy accuracy;
    private int lastStepCorrect;
    private MemorySegment[] lastOutputs = new MemorySegment[0];
    private int lastRows;
    private int epochsTrained;
    private boolean stopTraining;
    private boolean closed;

    /** A model named {@code sequential}. */
    public Sequential() {
        this("sequential");
    }

    public Sequential(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Seeds the model's generator; call before the model is built (by compile or predict). */
    public Sequential seed(long seed) {
        requireOpen();
        if (isBuilt()) {
            throw new IllegalStateException("model '" + name + "' is already built; set its seed before compile");
        }
        random.reseed(seed);
        return this;
    }

    /**
     * Runs this model's kernels on {@code threads} threads (default: {@code -Dtensorlane.threads},
     * else every available processor); call before the model is built. Results are bit-identical
     * for any thread count.
     */
    public Sequential threads(int threads) {
        requireOpen();
        if (threads < 1) {
            throw new IllegalArgumentException("model '" + name + "': threads must be at least 1, got " + threads);
        }
        if (isBuilt()) {
            throw new IllegalStateException("model '" + name + "' is already built; set its threads before compile");
        }
        kernels = kernels.withThreads(threads);
        stepKernels = kernels;
        return this;
    }

    /**
     * Whether {@code fit} may run its steps on one thread while they measure faster there than on
     * all of this model's threads (default: true, or {@code -Dtensorlane.adaptiveThreads}). On a
     * virtual machine whose host sometimes places the threads on cores far apart, two threads can
     * train slower than one; a {@link ThreadGovernor} then times both ways every few seconds. The
     * results are the same bits either way. Turn it off to measure a fixed thread count.
     */
    public synchronized Sequential adaptiveThreads(boolean enabled) {
        requireOpen();
        adaptiveThreads = enabled;
        return this;
    }

    /** For tests: the governor the next fits use (when adaptive and on more than one thread). */
    synchronized void governWith(ThreadGovernor governor) {
        this.governor = governor;
    }

    /** Training steps that {@code fit} ran on one thread instead of all (see {@link #adaptiveThreads}). */
    public long stepsOnOneThread() {
        return governor == null ? 0 : governor.stepsSolo();
    }

    // ------------------------------------------------------------------ structure

    /**
     * Appends a layer, names it Keras's way ({@code dense}, {@code dense_1}, ...) unless it has a
     * name, and infers its output shape.
     *
     * @throws IllegalArgumentException when the layer cannot take the previous layer's output
     */
    public Sequential add(Layer layer) {
        requireOpen();
        if (isBuilt()) {
            throw new IllegalStateException("model '" + name + "' is already built; add every layer before compile");
        }
        int[] input;
        if (layers.isEmpty()) {
            input = layer.declaredInputShape();
            if (input == null) {
                throw new IllegalArgumentException("the first layer of model '" + name + "' must declare the input shape, "
                        + "e.g. new Flatten(28, 28) for Keras's Flatten(input_shape=[28, 28]); got " + layer.describe());
            }
        } else {
            input = layers.getLast().outputShape();
            int[] declared = layer.declaredInputShape();
            if (declared != null && !Arrays.equals(declared, input)) {
                throw new IllegalArgumentException(layer.describe() + " declares input shape " + Layer.formatShape(declared)
                        + " but the previous layer outputs " + Layer.formatShape(input));
            }
        }
        layer.setName(uniqueName(layer));
        layer.configure(input);
        layers.add(layer);
        return this;
    }

    private String uniqueName(Layer layer) {
        String chosen = layer.name();
        if (chosen != null) {
            if (namesTaken.contains(chosen)) {
                throw new IllegalArgumentException("model '" + name + "' already has a layer named '" + chosen + "'");
            }
        } else {
            String stem = layer.defaultNameStem();
            int n = nextNameIndex.getOrDefault(stem, 0);
            do {
                chosen = n == 0 ? stem : stem + "_" + n;
                n++;
            } while (namesTaken.contains(chosen));
            nextNameIndex.put(stem, n);
        }
        namesTaken.add(chosen);
        return chosen;
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    /** Every weight, layer by layer in Keras's order; empty until the model is built. */
    public List<Parameter> weights() {
        return weights;
    }

    /** Per-sample input shape (the first layer's declared shape). */
    public int[] inputShape() {
        requireLayers();
        return layers.getFirst().inputShape();
    }

    /** Per-sample output shape. */
    public int[] outputShape() {
        requireLayers();
        return layers.getLast().outputShape();
    }

    /** Keras 2's summary table. */
    public String summaryString() {
        requireOpen();
        return Summary.format(name, layers);
    }

    /** Prints {@link #summaryString()} to standard output. */
    public void summary() {
        System.out.print(summaryString());
        System.out.flush();
    }

    /** The kernels this model runs on. */
    public Kernels kernels() {
        return kernels;
    }

    // ------------------------------------------------------------------ build and compile

    public boolean isBuilt() {
        return weightArena != null;
    }

    /** Creates every layer's weights from the model's seeded generator (compile and predict do it when needed). */
    public synchronized void build() {
        requireOpen();
        requireLayers();
        if (isBuilt()) {
            return;
        }
        weightArena = NativeMemory.newArena();
        stepKernels = kernels;
        LayerContext context = new LayerContext(kernels, random, weightArena);
        needsInputGradient = new boolean[layers.size()];
        boolean trainableBefore = false;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            needsInputGradient[i] = trainableBefore;
            layer.build(context);
            trainableBefore |= layer.trainableParamCount() > 0;
        }
        weights = context.parameters();
        lastOutputs = new MemorySegment[layers.size()];
    }

    /** Keras's {@code compile(loss=..., optimizer=..., metrics=[...])} by names. */
    public void compile(String loss, String optimizer, String... metrics) {
        compile(Losses.get(loss), Optimizers.get(optimizer), metrics);
    }

    /** Keras's {@code compile(loss="...", optimizer=Adam(...), metrics=[...])}: a loss name and an optimizer object. */
    public void compile(String loss, Optimizer optimizer, String... metrics) {
        compile(Losses.get(loss), optimizer, metrics);
    }

    /** Compiles with optimizer and loss objects; metrics by name ({@code "accuracy"}). */
    public synchronized void compile(Loss loss, Optimizer optimizer, String... metrics) {
        requireOpen();
        for (String metric : metrics) {
            if (!metric.equals("accuracy") && !metric.equals("acc")) {
                throw new IllegalArgumentException("unknown metric '" + metric + "'; known: accuracy");
            }
        }
        build();
        List<Parameter> trainable = weights.stream().filter(Parameter::trainable).toList();
        optimizer.build(trainable, weightArena);
        this.loss = loss;
        this.optimizer = optimizer;
        createUpdateJobs(trainable);
        this.accuracy = metrics.length > 0 ? new Accuracy() : null;
    }

    /**
     * One {@link LayerUpdateJob} per layer with trainable weights; those layers may defer their
     * weight gradients to it (see {@link Layer#setBackgroundTraining}).
     */
    private void createUpdateJobs(List<Parameter> trainable) {
        updateJobs = new LayerUpdateJob[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            int[] indices = layer.weights().stream().filter(Parameter::trainable).mapToInt(trainable::indexOf).toArray();
            if (indices.length > 0) {
                updateJobs[i] = new LayerUpdateJob(layer, optimizer, indices);
            }
            layer.setBackgroundTraining(indices.length > 0, needsInputGradient[i]);
        }
        updatesReadBefore = new int[layers.size() + 1];
        int nextWithWeights = layers.size() - 1;
        for (int i = layers.size() - 1; i >= -1; i--) {
            updatesReadBefore[i + 1] = nextWithWeights;
            if (i >= 0 && updateJobs[i] != null) {
                nextWithWeights = i;
            }
        }
        updatesAwaitedBelow = layers.size();
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public Loss loss() {
        return loss;
    }

    // ------------------------------------------------------------------ training

    /** Keras's {@code fit(x, y, epochs=epochs, validation_data=(xValid, yValid))} with batch size 32. */
    public History fit(Tensor x, int[] y, int epochs, Tensor xValid, int[] yValid) {
        return fit(x, y, FitOptions.epochs(epochs).validation(xValid, yValid));
    }

    /** Keras's {@code fit(x, y, epochs=epochs)} with batch size 32 and no validation. */
    public History fit(Tensor x, int[] y, int epochs) {
        return fit(x, y, FitOptions.epochs(epochs));
    }

    /** Trains on {@code x} (samples × the input shape) and labels {@code y} with the given options. */
    public History fit(Tensor x, int[] y, FitOptions options) {
        return fit(x, y, null, options);
    }

    /**
     * Trains on {@code x} and float targets {@code y} shaped {@code (samples, outputs)}, for the
     * losses that take them (mean_squared_error, mean_absolute_error, binary_crossentropy,
     * categorical_crossentropy with one-hot rows).
     */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        return fit(x, null, y, options);
    }

    /** Keras's {@code fit(x, y, epochs=epochs)} with float targets. */
    public History fit(Tensor x, Tensor y, int epochs) {
        return fit(x, null, y, FitOptions.epochs(epochs));
    }

    private synchronized History fit(Tensor x, int[] y, Tensor targets, FitOptions options) {
        requireCompiled("fit");
        if (options.epochs < 0) {
            throw new IllegalArgumentException("fit: epochs must be >= 0, got " + options.epochs);
        }
        if (options.batchSize <= 0) {
            throw new IllegalArgumentException("fit: batch size must be positive, got " + options.batchSize);
        }
        checkData("fit", x, y, targets);
        weightsChanged();
        boolean validate = options.validationX != null;
        if (validate) {
            checkData("fit (validation data)", options.validationX, options.validationY, options.validationTargets);
        }
        if (options.initialEpoch < 0) {
            throw new IllegalArgumentException("fit: initial epoch must be >= 0, got " + options.initialEpoch);
        }
        if (options.seed != null) {
            random.reseed(options.seed); // only once every option is known to be valid
        }
        int samples = x.rows();
        int batch = Math.min(options.batchSize, Math.max(samples, 1));
        ensureWorkspace(Math.max(batch, validate ? inferenceRows(options.validationX) : 0));
        int steps = (samples + batch - 1) / batch;

        List<Callback> callbacks = new ArrayList<>();
        if (options.verbose > 0) {
            callbacks.add(new ProgressBar());
        }
        callbacks.addAll(options.callbacks);
        nextStepFollows = true;

        History history = new History();
        int[] order = new int[samples];
        stopTraining = false;
        if (governor == null && adaptiveThreads && kernels.threads() > 1) {
            governor = new ThreadGovernor();
        }
        ThreadGovernor governing = adaptiveThreads ? governor : null;
        callbacks.forEach(c -> c.setModel(this));
        callbacks.forEach(c -> c.onTrainBegin(options.epochs, steps, samples));
        try {
            fitEpochs(x, y, targets, options, callbacks, history, order, batch, steps, validate, governing);
        } finally {
            runStepsOn(kernels); // no-op unless the governor left the layers on one thread; nothing is pending here
        }
        callbacks.forEach(Callback::onTrainEnd);
        return history;
    }

    private void fitEpochs(Tensor x, int[] y, Tensor targets, FitOptions options, List<Callback> callbacks,
                           History history, int[] order, int batch, int steps, boolean validate,
                           ThreadGovernor governing) {
        int samples = x.rows();
        // otherwise a step's weight updates finish beside the next step's forward pass
        boolean settleEveryBatch = callbacks.stream().anyMatch(Callback::readsModelAfterBatch);
        Kernels oneThread = kernels.withThreads(1); // the governor's other way
        for (int epoch = options.initialEpoch; epoch < options.epochs && !stopTraining; epoch++) {
            // Each epoch's order depends only on the generator's state, so a run resumed from a
            // checkpoint (which saves that state) shuffles exactly as an uninterrupted one.
            Arrays.setAll(order, i -> i);
            if (options.shuffle) {
                shuffle(order);
            }
            final int e = epoch;
            callbacks.forEach(c -> c.onEpochBegin(e));
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            int seen = 0;
            try {
                for (int step = 0; step < steps; step++) {
                    long stepStart = System.nanoTime();
                    int rows = Math.min(batch, samples - step * batch);
                    awaitUpdatesBeforeWriting(-1);
                    gatherBatch(x, y, targets, order, step * batch, rows);
                    lossSum += trainStep(rows);
                    correct += lastStepCorrect;
                    seen += rows;
                    if (settleEveryBatch) {
                        settleUpdates();
                    }
                    for (int c = 0; c < callbacks.size(); c++) {
                        callbacks.get(c).onBatchEnd(step, lossSum / seen, (double) correct / seen);
                    }
                    if (stopTraining) {
                        break; // Keras checks stop_training after every step (TerminateOnNaN sets it mid-epoch)
                    }
                    if (governing != null) {
                        governing.afterStep(System.nanoTime() - stepStart);
                        runStepsOn(governing.nextStepSolo() ? oneThread : kernels);
                    }
                }
            } catch (RuntimeException | Error failure) {
                settleUpdatesAfter(failure);
                throw failure;
            }
            settleUpdates();
            double throughput = seen / ((System.nanoTime() - start) / 1e9);
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / Math.max(seen, 1));
            if (accuracy != null) {
                logs.put("accuracy", (double) correct / Math.max(seen, 1));
            }
            if (validate) {
                double[] val = evaluateQuietly(options.validationX, options.validationY, options.validationTargets);
                logs.put("val_loss", val[0]);
                if (accuracy != null) {
                    logs.put("val_accuracy", val[1]);
                }
            }
            epochsTrained = epoch + 1;
            history.record(epoch, logs, throughput);
            callbacks.forEach(c -> c.onEpochEnd(e, logs, throughput));
        }
    }

    /**
     * Runs the next training steps on {@code next} (the model's kernels or their one-thread
     * version): awaits the pending weight updates first, since they were submitted to the other.
     */
    private void runStepsOn(Kernels next) {
        if (next == stepKernels) {
            return;
        }
        settleUpdates();
        for (Layer layer : layers) {
            layer.runOn(next);
        }
        stepKernels = next;
    }

    /**
     * One training step on the batch already in the input workspace: forward, loss, backward,
     * optimizer update. Returns the batch's summed loss; leaves its correct count in
     * {@link #lastStepCorrect}.
     */
    private double trainStep(int rows) {
        try {
            MemorySegment outputs = forward(inputBatch, rows, true); // awaits the last step's updates as it goes
            double lossSum = batchLoss(outputs, rows);
            lastStepCorrect = batchCorrect(outputs, rows);
            optimizer.beginStep();
            backward(outputs, rows);
            return lossSum;
        } catch (RuntimeException | Error e) {
            settleUpdatesAfter(e);
            throw e;
        }
    }

    /** Before layer {@code i} (−1: the input batch) writes its output, awaits the update jobs that read what it overwrites. */
    private void awaitUpdatesBeforeWriting(int i) {
        if (updatesAwaitedBelow < updateJobs.length) {
            awaitUpdatesThrough(updatesReadBefore[i + 1]);
        }
    }

    /**
     * Awaits the update jobs up to index {@code last}, lowest first: a job no worker has started
     * runs here, while the workers take the highest-layer jobs, queued first. On a failure every
     * job is still awaited before the first failure is rethrown.
     */
    private void awaitUpdatesThrough(int last) {
        RuntimeException firstFailure = null;
        while (updatesAwaitedBelow <= last) {
            LayerUpdateJob job = updateJobs[updatesAwaitedBelow++];
            if (job == null) {
                continue;
            }
            try {
                stepKernels.await(job);
            } catch (RuntimeException e) {
                if (firstFailure == null) {
                    firstFailure = e;
                    last = updateJobs.length - 1;
                }
            }
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
    }

    /** Awaits every pending update job (the weights are this step's) and what the layers derive from them. */
    private void settleUpdates() {
        try {
            awaitUpdatesThrough(updateJobs.length - 1);
        } finally {
            for (Layer layer : layers) {
                layer.awaitDerivedWork();
            }
        }
    }

    /**
     * Returns when the last training step's weight updates have finished. Only a callback inside
     * fit can find them unfinished, and only if it declared that {@code onBatchEnd} does not read
     * the weights' segments ({@link Callback#readsModelAfterBatch}) and then reads them after all,
     * as {@link dev.tensorlane.callbacks.TerminateOnNaN} does once the loss is non-finite.
     */
    public synchronized void awaitWeightUpdates() {
        settleUpdates();
    }

    /** {@link #settleUpdates} while {@code failure} is on its way out; a job's own failure is attached to it. */
    private void settleUpdatesAfter(Throwable failure) {
        try {
            settleUpdates();
        } catch (RuntimeException e) {
            if (e != failure) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Keras's {@code train_on_batch}: one training step on all of {@code x} as a single batch.
     *
     * @return {@code {loss}} or {@code {loss, accuracy}} of that batch, measured before the update
     */
    public float[] trainOnBatch(Tensor x, int[] y) {
        return trainOnBatchAllocating(x, y, null);
    }

    /** {@link #trainOnBatch(Tensor, int[])} with float targets. */
    public float[] trainOnBatch(Tensor x, Tensor y) {
        return trainOnBatchAllocating(x, null, y);
    }

    /**
     * {@link #trainOnBatch(Tensor, int[])} without allocating: writes the batch's mean loss to
     * {@code logs[0]} and, when compiled with accuracy, its accuracy to {@code logs[1]}, and
     * returns the loss. For loops that train step by step and for benchmarks (0 bytes per step).
     */
    public float trainOnBatch(Tensor x, int[] y, float[] logs) {
        int needed = accuracy == null ? 1 : 2;
        if (logs == null || logs.length < needed) {
            throw new IllegalArgumentException("trainOnBatch: logs must hold " + needed + " values (loss"
                    + (needed == 2 ? ", accuracy" : "") + "), got " + (logs == null ? "null" : logs.length));
        }
        trainOnBatchInto(x, y, null, logs);
        return logs[0];
    }

    private float[] trainOnBatchAllocating(Tensor x, int[] y, Tensor targets) {
        float[] logs = new float[accuracy == null ? 1 : 2];
        trainOnBatchInto(x, y, targets, logs);
        return logs;
    }

    private synchronized void trainOnBatchInto(Tensor x, int[] y, Tensor targets, float[] logs) {
        requireCompiled("trainOnBatch");
        checkData("trainOnBatch", x, y, targets);
        weightsChanged();
        int rows = x.rows();
        ensureWorkspace(rows);
        MemorySegment.copy(x.segment(), 0, inputBatch, 0, (long) rows * inputSize() * Float.BYTES);
        targetsInBatch = targets != null;
        if (targets == null) {
            System.arraycopy(y, 0, batchLabels, 0, rows);
        } else {
            MemorySegment.copy(targets.segment(), 0, batchTargets, 0, (long) rows * outputSize() * Float.BYTES);
        }
        nextStepFollows = false; // the next call starts by forgetting what the layers derive from the weights
        double lossSum = trainStep(rows);
        settleUpdates();
        logs[0] = (float) (lossSum / rows);
        if (accuracy != null) {
            logs[1] = (float) lastStepCorrect / rows;
        }
    }

    /** Asks {@link #fit} to stop after the current epoch (Keras's {@code model.stop_training = True}). */
    public void stopTraining() {
        stopTraining = true;
    }

    /** True once {@link #stopTraining()} was called during the current (or last) fit. */
    public boolean isStopTrainingRequested() {
        return stopTraining;
    }

    /** Epochs completed by fit (counting from a checkpoint's when the model was loaded): the next fit's {@code initialEpoch}. */
    public int epochsTrained() {
        return epochsTrained;
    }

    void setEpochsTrained(int epochs) {
        this.epochsTrained = epochs;
    }

    /**
     * Layer {@code index}'s output from the last forward pass ({@link #lastBatchRows()} rows of
     * its output size), for callbacks that inspect activations between steps; valid until the
     * next step. Null before the first forward.
     */
    public MemorySegment lastOutput(int index) {
        return lastOutputs[index];
    }

    /** Rows in the last forward pass. */
    public int lastBatchRows() {
        return lastRows;
    }

    /** Whether the model was compiled with the accuracy metric. */
    public boolean hasAccuracy() {
        return accuracy != null;
    }

    /** Keras's {@code get_weights()}: a copy of every weight's values, in {@link #weights()} order. */
    public synchronized List<float[]> getWeights() {
        requireOpen();
        build();
        settleUpdates(); // a callback inside fit may call this
        return weights.stream().map(p -> p.value().toArray(ValueLayout.JAVA_FLOAT)).toList();
    }

    /** Keras's {@code set_weights()}: values for every weight, in {@link #weights()} order and sizes. */
    public synchronized void setWeights(List<float[]> values) {
        requireOpen();
        build();
        settleUpdates(); // a callback inside fit may call this
        if (values.size() != weights.size()) {
            throw new IllegalArgumentException("setWeights: model '" + name + "' has " + weights.size() + " weights, got " + values.size());
        }
        for (int i = 0; i < values.size(); i++) {
            Parameter p = weights.get(i);
            if (values.get(i) == null || values.get(i).length != p.size()) {
                throw new IllegalArgumentException("setWeights: model '" + name + "': weight " + i + ", " + p.name() + ", has shape "
                        + Arrays.toString(p.shape()) + " (" + p.size() + " values), got "
                        + (values.get(i) == null ? "null" : values.get(i).length + " values"));
            }
        }
        for (int i = 0; i < values.size(); i++) {
            MemorySegment.copy(MemorySegment.ofArray(values.get(i)), 0, weights.get(i).value(), 0, weights.get(i).size() * Float.BYTES);
        }
        weightsChanged();
    }

    /**
     * Between training calls, or from a callback, the weights may be written by anything:
     * the layers forget what their update jobs derived from them (Dense's {@code Wᵀ}).
     */
    private void weightsChanged() {
        for (Layer layer : layers) {
            layer.weightsChanged();
        }
    }

    /** The generator's state (checkpoints save it so that a resumed run draws what an uninterrupted one would). */
    public long randomState() {
        return random.state();
    }

    /** Restores {@link #randomState()} from a checkpoint. */
    public void restoreRandomState(long state) {
        requireOpen();
        random.restore(state);
    }

    // ------------------------------------------------------------------ saving and loading

    /** Keras's {@code to_json()}: the architecture, {@code {"class_name": "Sequential", "config": {...}}}. */
    public String toJson() {
        requireOpen();
        return ModelConfig.toJson(this);
    }

    /** Keras's {@code model_from_json}: a new, unbuilt model with the layers {@code json} describes. */
    public static Sequential fromJson(String json) {
        return ModelConfig.fromJson(json.getBytes(StandardCharsets.UTF_8), "model JSON");
    }

    /** Writes every weight to a safetensors file, Keras's names as keys and {@link #toJson()} in its metadata (built models only). */
    public synchronized void saveWeights(Path file) throws IOException {
        requireOpen();
        build();
        settleUpdates(); // a callback inside fit may call this
        ModelFiles.saveWeights(this, file);
    }

    /**
     * Reads every weight from a safetensors file; names and shapes must match this model's exactly.
     * All or nothing: when the file does not fit, the exception names the problem and the weights are unchanged.
     */
    public synchronized void loadWeights(Path file) throws IOException {
        requireOpen();
        build();
        settleUpdates(); // a callback inside fit may call this
        ModelFiles.loadWeights(this, file);
        weightsChanged();
    }

    /** As {@link #loadWeights(Path)} for a safetensors file's bytes already in memory; {@code name} names them in errors. */
    public synchronized void loadWeights(byte[] bytes, String name) throws IOException {
        requireOpen();
        build();
        settleUpdates(); // a callback inside fit may call this
        ModelFiles.loadWeights(this, SafetensorsFile.parse(Path.of(name), bytes));
        weightsChanged();
    }

    /**
     * Saves the model to a directory: {@code model.json} ({@link #toJson()}),
     * {@code model.safetensors} (the weights) and, once compiled, {@code training_state.safetensors}
     * (optimizer state and config, loss, metrics, the generator's state and the epochs trained), so
     * that {@link #load} and a further {@code fit} continue exactly where this one stopped.
     */
    public synchronized void save(Path dir) throws IOException {
        requireOpen();
        build();
        settleUpdates(); // a callback inside fit may call this
        ModelFiles.save(this, dir);
    }

    /** Reads a directory written by {@link #save}: compiled and ready to train on when it holds a training state. */
    public static Sequential load(Path dir) throws IOException {
        return ModelFiles.load(dir);
    }

    /** Fisher–Yates with the model's generator. */
    private void shuffle(int[] order) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /**
     * Copies the samples {@code order[from .. from+rows)} into the input workspace and their labels
     * (or float targets, whose row argmax then stands in as the label for accuracy).
     */
    private void gatherBatch(Tensor x, int[] y, Tensor targets, int[] order, int from, int rows) {
        long rowBytes = (long) inputSize() * Float.BYTES;
        long targetBytes = (long) outputSize() * Float.BYTES;
        MemorySegment source = x.segment();
        targetsInBatch = targets != null;
        for (int r = 0; r < rows; r++) {
            int sample = order[from + r];
            MemorySegment.copy(source, sample * rowBytes, inputBatch, r * rowBytes, rowBytes);
            if (targets == null) {
                batchLabels[r] = y[sample];
            } else {
                MemorySegment.copy(targets.segment(), sample * targetBytes, batchTargets, r * targetBytes, targetBytes);
            }
        }
    }

    /** The batch's summed loss against its labels or float targets. */
    private double batchLoss(MemorySegment outputs, int rows) {
        return targetsInBatch ? loss.sum(stepKernels, outputs, batchTargets, rows, outputSize())
                : loss.sum(stepKernels, outputs, batchLabels, rows, outputSize());
    }

    /**
     * Correct predictions in the batch: against integer labels, Keras's sparse categorical
     * accuracy; against float targets, categorical accuracy (argmax of the target row) or, with
     * one output, binary accuracy (both sides of 0.5).
     */
    private int batchCorrect(MemorySegment outputs, int rows) {
        if (accuracy == null) {
            return 0;
        }
        int cols = outputSize();
        if (!targetsInBatch) {
            return accuracy.countCorrect(stepKernels, outputs, batchLabels, rows, cols);
        }
        if (cols == 1) {
            int correct = 0;
            for (int r = 0; r < rows; r++) {
                boolean predicted = outputs.getAtIndex(ValueLayout.JAVA_FLOAT, r) > 0.5f;
                boolean actual = batchTargets.getAtIndex(ValueLayout.JAVA_FLOAT, r) > 0.5f;
                correct += predicted == actual ? 1 : 0;
            }
            return correct;
        }
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols;
            int best = 0;
            for (int j = 1; j < cols; j++) {
                if (batchTargets.getAtIndex(ValueLayout.JAVA_FLOAT, row + j) > batchTargets.getAtIndex(ValueLayout.JAVA_FLOAT, row + best)) {
                    best = j;
                }
            }
            batchLabels[r] = best;
        }
        return accuracy.countCorrect(stepKernels, outputs, batchLabels, rows, cols);
    }

    private MemorySegment forward(MemorySegment x, int rows, boolean training) {
        MemorySegment activations = x;
        for (int i = 0; i < layers.size(); i++) {
            awaitUpdatesBeforeWriting(i);
            activations = layers.get(i).forward(activations, rows, training);
            lastOutputs[i] = activations;
        }
        lastRows = rows;
        return activations;
    }

    /** Backward through every layer that needs it, starting from the loss (fused with a final softmax). */
    private void backward(MemorySegment outputs, int rows) {
        int last = layers.size() - 1;
        Layer output = layers.get(last);
        MemorySegment gradient;
        boolean fused = output.outputsSoftmax() && (targetsInBatch
                ? loss.gradientThroughSoftmax(stepKernels, outputs, batchTargets, lossGradient, rows, outputSize())
                : loss.gradientThroughSoftmax(stepKernels, outputs, batchLabels, lossGradient, rows, outputSize()));
        if (fused) {
            gradient = output.backwardFromLogits(lossGradient, rows, needsInputGradient[last]);
            submitUpdate(last);
        } else {
            if (targetsInBatch) {
                loss.gradient(stepKernels, outputs, batchTargets, lossGradient, rows, outputSize());
            } else {
                loss.gradient(stepKernels, outputs, batchLabels, lossGradient, rows, outputSize());
            }
            gradient = output.backward(lossGradient, rows, needsInputGradient[last]);
            submitUpdate(last);
        }
        for (int i = last - 1; i >= 0 && gradient != null; i--) {
            gradient = layers.get(i).backward(gradient, rows, needsInputGradient[i]);
            submitUpdate(i);
        }
    }

    /** Layer i's backward has returned: its weights' gradients and update can go on beside the rest. */
    private void submitUpdate(int i) {
        if (updateJobs[i] != null) {
            updateJobs[i].nextStepFollows = nextStepFollows;
            stepKernels.submit(updateJobs[i]);
            updatesAwaitedBelow = Math.min(updatesAwaitedBelow, i);
        }
    }

    // ------------------------------------------------------------------ inference

    /**
     * Keras's {@code evaluate}: the mean loss and, when compiled with it, the accuracy, in
     * inference mode (moving statistics, no dropout).
     *
     * @return {@code {loss}} or {@code {loss, accuracy}}
     */
    public float[] evaluate(Tensor x, int[] y) {
        return evaluate(x, y, null);
    }

    /** {@link #evaluate(Tensor, int[])} with float targets shaped like the outputs. */
    public float[] evaluate(Tensor x, Tensor y) {
        return evaluate(x, null, y);
    }

    private synchronized float[] evaluate(Tensor x, int[] y, Tensor targets) {
        requireCompiled("evaluate");
        checkData("evaluate", x, y, targets);
        settleUpdates(); // a callback inside fit may call this
        ensureWorkspace(inferenceRows(x));
        double[] result = evaluateQuietly(x, y, targets);
        return accuracy == null ? new float[]{(float) result[0]} : new float[]{(float) result[0], (float) result[1]};
    }

    private double[] evaluateQuietly(Tensor x, int[] y, Tensor targets) {
        int samples = x.rows();
        double lossSum = 0;
        long correct = 0;
        targetsInBatch = targets != null;
        long targetBytes = (long) outputSize() * Float.BYTES;
        for (int from = 0; from < samples; from += INFERENCE_BATCH) {
            int rows = Math.min(INFERENCE_BATCH, samples - from);
            if (targets == null) {
                System.arraycopy(y, from, batchLabels, 0, rows);
            } else {
                MemorySegment.copy(targets.segment(), from * targetBytes, batchTargets, 0, rows * targetBytes);
            }
            MemorySegment outputs = forward(rowsOf(x, from, rows), rows, false);
            lossSum += batchLoss(outputs, rows);
            correct += batchCorrect(outputs, rows);
        }
        return new double[]{lossSum / Math.max(samples, 1), (double) correct / Math.max(samples, 1)};
    }

    /** Keras's {@code predict}: the model's outputs for every sample, in a new tensor the caller closes. */
    public synchronized Tensor predict(Tensor x) {
        requireOpen();
        build();
        settleUpdates(); // a callback inside fit may call this
        checkInputShape("predict", x);
        ensureWorkspace(inferenceRows(x));
        int samples = x.rows();
        int cols = outputSize();
        Tensor result = Tensor.zeros(samples, cols);
        long rowBytes = (long) cols * Float.BYTES;
        for (int from = 0; from < samples; from += INFERENCE_BATCH) {
            int rows = Math.min(INFERENCE_BATCH, samples - from);
            MemorySegment outputs = forward(rowsOf(x, from, rows), rows, false);
            MemorySegment.copy(outputs, 0, result.segment(), from * rowBytes, rows * rowBytes);
        }
        return result;
    }

    private MemorySegment rowsOf(Tensor x, int from, int rows) {
        long rowBytes = (long) inputSize() * Float.BYTES;
        return x.segment().asSlice(from * rowBytes, rows * rowBytes);
    }

    private static int inferenceRows(Tensor x) {
        return Math.max(1, Math.min(INFERENCE_BATCH, x.rows()));
    }

    // ------------------------------------------------------------------ workspaces and checks

    /** Sizes every layer's buffers for {@code rows}, replacing them only when more are needed. */
    private void ensureWorkspace(int rows) {
        if (rows <= workspaceRows) {
            return;
        }
        // workspaces sized for the model's kernels (Dense's Wᵀ buffer exists only on more than one
        // thread), even when a callback's predict grows them while fit runs its steps on one
        runStepsOn(kernels);
        if (workspaceArena != null) {
            workspaceArena.close();
        }
        workspaceArena = NativeMemory.newArena();
        for (Layer layer : layers) {
            layer.allocateWorkspace(workspaceArena, rows);
        }
        inputBatch = workspaceArena.allocate((long) rows * inputSize() * Float.BYTES, Tensor.ALIGNMENT);
        lossGradient = workspaceArena.allocate((long) rows * outputSize() * Float.BYTES, Tensor.ALIGNMENT);
        batchLabels = new int[rows];
        batchTargets = workspaceArena.allocate((long) rows * outputSize() * Float.BYTES, Tensor.ALIGNMENT);
        workspaceRows = rows;
    }

    private int inputSize() {
        return layers.getFirst().inputSize();
    }

    private int outputSize() {
        return layers.getLast().outputSize();
    }

    private void checkData(String call, Tensor x, int[] y, Tensor targets) {
        checkInputShape(call, x);
        if (targets != null) {
            checkTargets(call, x, targets);
            return;
        }
        if (y == null) {
            throw new IllegalArgumentException(call + ": labels y are missing");
        }
        if (loss != null && !loss.sparseLabels()) {
            throw new IllegalArgumentException(call + ": loss " + loss.kerasName() + " takes float targets shaped like the outputs,"
                    + " (samples, " + outputSize() + "), not integer labels: pass y as a Tensor (one-hot rows for categorical_crossentropy)");
        }
        if (y.length != x.rows()) {
            throw new IllegalArgumentException(call + ": x has " + x.rows() + " samples but y has " + y.length + " labels");
        }
        int classes = outputSize();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException(call + ": label " + y[i] + " at index " + i
                        + " is outside [0, " + classes + ") for a model with " + classes + " outputs");
            }
        }
    }

    private void checkTargets(String call, Tensor x, Tensor y) {
        if (!y.isAlive()) {
            throw new IllegalStateException(call + ": y " + y + " is closed");
        }
        if (loss.sparseLabels()) {
            throw new IllegalArgumentException(call + ": loss " + loss.kerasName() + " takes integer labels (an int[]), not a float"
                    + " Tensor; for one-hot targets use categorical_crossentropy");
        }
        int[] shape = y.shape();
        int[] expected = outputShape();
        if (shape.length == 0 || shape[0] != x.rows() || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), expected)) {
            throw new IllegalArgumentException(call + ": y has shape " + Arrays.toString(shape) + " but model '" + name
                    + "' needs (" + x.rows() + Arrays.stream(expected).mapToObj(d -> ", " + d).reduce("", String::concat)
                    + "): one target row per sample of x, shaped like the output of " + layers.getLast().describe());
        }
    }

    private void checkInputShape(String call, Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException(call + ": x is missing");
        }
        if (!x.isAlive()) {
            throw new IllegalStateException(call + ": x " + x + " is closed");
        }
        checkFinite(call, x);
        if (sampleShape == null) {
            sampleShape = inputShape(); // the first layer's, fixed once it is added
        }
        if (!hasSampleShape(x, sampleShape)) {
            int[] shape = x.shape();
            int[] expected = inputShape();
            throw new IllegalArgumentException(call + ": x has shape " + Arrays.toString(shape) + " but model '" + name
                    + "' expects (samples" + Arrays.stream(expected).mapToObj(d -> ", " + d).reduce("", String::concat)
                    + ") as its first layer " + layers.getFirst().describe() + " declares");
        }
    }

    /** Whether x is (samples, sampleShape...), checked without copying x's shape. */
    private static boolean hasSampleShape(Tensor x, int[] sampleShape) {
        if (x.rank() != sampleShape.length + 1) {
            return false;
        }
        for (int axis = 1; axis < x.rank(); axis++) {
            if (x.dim(axis) != sampleShape[axis - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Refuses NaN and infinite inputs, naming the first one: they would only turn every output and weight into NaN. */
    private void checkFinite(String call, Tensor x) {
        long i = kernels.firstNonFinite(x.segment(), x.size());
        if (i >= 0) {
            float v = x.segment().getAtIndex(ValueLayout.JAVA_FLOAT, i);
            int rowSize = Math.max(x.rowSize(), 1);
            throw new IllegalArgumentException(call + ": x holds " + v + " at flat index " + i + " (sample "
                    + i / rowSize + ", feature " + i % rowSize + "); inputs must be finite");
        }
    }

    private void requireCompiled(String call) {
        requireOpen();
        if (loss == null) {
            throw new IllegalStateException(call + ": model '" + name + "' is not compiled; call compile(loss, optimizer, metrics) first");
        }
    }

    private void requireLayers() {
        if (layers.isEmpty()) {
            throw new IllegalStateException("model '" + name + "' has no layers");
        }
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("model '" + name + "' is closed");
        }
    }

    /** Frees the weights, optimizer state and workspaces. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (workspaceArena != null) {
            workspaceArena.close();
        }
        if (weightArena != null) {
            weightArena.close();
        }
    }
}
