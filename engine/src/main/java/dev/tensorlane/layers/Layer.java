package dev.tensorlane.layers;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A layer, split the Keras way: the constructor records options, {@link #configure} infers the
 * output shape from the input shape (at {@code model.add}), {@link #build} creates the weights,
 * {@link #allocateWorkspace} sizes the buffers for a batch, and {@link #forward}/{@link #backward}
 * run one batch of {@code rows} samples.
 *
 * <p>Shapes here are per sample (Keras's {@code None} batch dimension left out). Data between
 * layers is a {@code [rows × size]} float32 {@link MemorySegment}; a layer's output segment is a
 * workspace the layer owns and overwrites on its next call. Forward keeps what backward needs.
 */
public abstract class Layer {

    private String name;
    private int[] declaredInputShape;
    private int[] inputShape;
    private int[] outputShape;
    private final List<Parameter> weights = new ArrayList<>();
    protected Kernels kernels;
    private boolean backgroundTraining;
    private boolean inputGradientNeeded = true;

    /** @param name the layer's name, or null to get Keras's default ({@code dense_3}) from the model */
    protected Layer(String name) {
        this.name = name;
    }

    /** Keras's class name, shown in the summary: {@code Dense}, {@code BatchNormalization}. */
    public String className() {
        return getClass().getSimpleName();
    }

    /**
     * Keras's default name stem: the class name in snake case by Keras's own two rules
     * ({@code batch_normalization}, {@code re_lu}, {@code leaky_re_lu}, {@code p_re_lu}).
     */
    public String defaultNameStem() {
        return className().replaceAll("(.)([A-Z][a-z]+)", "$1_$2").replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase(java.util.Locale.ROOT);
    }

    /** The layer's name; null until it is set or the model gives it one. */
    public String name() {
        return name;
    }

    /** Names the layer; only before it is built. */
    public void setName(String name) {
        if (kernels != null) {
            throw new IllegalStateException("layer '" + this.name + "' is already built; it cannot be renamed");
        }
        this.name = name;
    }

    /** The per-sample input shape this layer declares itself (Keras's {@code input_shape}), or null. */
    public int[] declaredInputShape() {
        return declaredInputShape == null ? null : declaredInputShape.clone();
    }

    /**
     * Keras's {@code input_shape=[...]}: the per-sample shape this layer takes, which a model's
     * first layer must declare. Only before the layer is added to a model.
     */
    public Layer declareInputShape(int... perSample) {
        if (inputShape != null) {
            throw new IllegalStateException(describe() + " is already in a model; declare its input shape before adding it");
        }
        if (perSample.length == 0 || Arrays.stream(perSample).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException(describe() + ": input shape must have positive dimensions, got "
                    + Arrays.toString(perSample));
        }
        this.declaredInputShape = perSample.clone();
        return this;
    }

    /**
     * Keras's {@code get_config()}: this layer's options under Keras's field names, enough for
     * {@link Layers#fromConfig} to build an equal layer. The base holds {@code name},
     * {@code trainable}, {@code batch_input_shape} (when the layer declares its input shape, as a
     * model's first layer does) and {@code dtype}; a subclass with options overrides this, calls
     * {@code super.getConfig()} and puts its own fields (Keras's {@code config.update(...)}).
     */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("trainable", true);
        if (declaredInputShape != null) {
            List<Integer> batchShape = new ArrayList<>();
            batchShape.add(null);
            Arrays.stream(declaredInputShape).forEach(batchShape::add);
            config.put("batch_input_shape", batchShape);
        }
        config.put("dtype", "float32");
        return config;
    }

    /**
     * Records the per-sample input shape and infers the output shape.
     *
     * @throws IllegalArgumentException when this layer cannot take that shape
     */
    public final void configure(int[] inputShape) {
        int[] out = computeOutputShape(inputShape.clone());
        this.inputShape = inputShape.clone();
        this.outputShape = out;
    }

    /** The output shape for {@code inputShape}, or an IllegalArgumentException naming this layer. */
    protected abstract int[] computeOutputShape(int[] inputShape);

    public int[] inputShape() {
        return requireConfigured(inputShape).clone();
    }

    public int[] outputShape() {
        return requireConfigured(outputShape).clone();
    }

    /** Elements per sample coming in. */
    public int inputSize() {
        return product(requireConfigured(inputShape));
    }

    /** Elements per sample going out. */
    public int outputSize() {
        return product(requireConfigured(outputShape));
    }

    /** Trainable scalars (known from the configuration, before the weights exist). */
    public long trainableParamCount() {
        return 0;
    }

    /** Non-trainable scalars, such as BatchNormalization's moving statistics. */
    public long nonTrainableParamCount() {
        return 0;
    }

    /** Creates the weights through {@code context}. Subclasses with weights override and call super. */
    public void build(LayerContext context) {
        requireConfigured(outputShape);
        this.kernels = context.kernels();
    }

    /**
     * Runs this built layer on {@code kernels} from now on: the model's thread governor switches
     * its layers between their kernels on all threads and the same kernels on one, between
     * training steps, with no job pending (both give the same bits).
     */
    public final void runOn(Kernels kernels) {
        if (this.kernels == null) {
            throw new IllegalStateException(describe() + " is not built yet");
        }
        this.kernels = kernels;
    }

    /** Records a weight created by {@link LayerContext#addWeight} so {@link #weights()} lists it. */
    protected final Parameter track(Parameter p) {
        weights.add(p);
        return p;
    }

    /** Every weight in Keras's order (kernel, bias; gamma, beta, moving_mean, moving_variance). */
    public List<Parameter> weights() {
        return List.copyOf(weights);
    }

    /** Keras's {@code layer.get_weights()}: a copy of each weight's values, in {@link #weights()} order. */
    public List<float[]> getWeights() {
        return weights.stream().map(p -> p.value().toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT)).toList();
    }

    /**
     * Keras's {@code layer.set_weights()}: one array per weight, in {@link #weights()} order, each
     * of that weight's size; nothing is written unless all of them fit.
     *
     * @throws IllegalArgumentException naming the layer, the weight and the sizes
     */
    public void setWeights(List<float[]> values) {
        if (!isBuilt()) {
            throw new IllegalStateException(describe() + " is not built yet; build its model before setWeights");
        }
        if (values.size() != weights.size()) {
            throw new IllegalArgumentException("setWeights: layer " + describe() + " has " + weights.size()
                    + " weights " + weights + ", got " + values.size() + " arrays");
        }
        for (int i = 0; i < values.size(); i++) {
            Parameter p = weights.get(i);
            if (values.get(i) == null || values.get(i).length != p.size()) {
                throw new IllegalArgumentException("setWeights: layer " + describe() + ": weight " + p.name() + " has shape "
                        + Arrays.toString(p.shape()) + " (" + p.size() + " values), got "
                        + (values.get(i) == null ? "null" : values.get(i).length + " values"));
            }
        }
        for (int i = 0; i < values.size(); i++) {
            MemorySegment.copy(MemorySegment.ofArray(values.get(i)), 0, weights.get(i).value(), 0, weights.get(i).size() * Float.BYTES);
        }
    }

    public boolean isBuilt() {
        return kernels != null;
    }

    /** Sizes this layer's buffers for batches of up to {@code maxRows} samples. */
    public abstract void allocateWorkspace(Arena arena, int maxRows);

    /**
     * Runs the layer on {@code rows} samples of {@code x} ({@code [rows × inputSize]}).
     *
     * @return the output, {@code [rows × outputSize]}, valid until the next call
     */
    public abstract MemorySegment forward(MemorySegment x, int rows, boolean training);

    /**
     * Backward pass for the last training forward: writes parameter gradients and, when
     * {@code needInputGradient}, returns {@code dL/dx} (else null).
     */
    public abstract MemorySegment backward(MemorySegment dy, int rows, boolean needInputGradient);

    /**
     * Turns on (or off) training with the weight updates in the background: backward may then
     * leave work that only this layer's own weight gradients need to {@link #computeDeferredGradients},
     * which the model runs in the layer's update job on another core, just before the optimizer
     * updates those weights; and a forward pass in training may start preparations for backward there.
     * {@code inputGradientNeeded} says whether backward will be asked for {@code dL/dx}.
     */
    public void setBackgroundTraining(boolean enabled, boolean inputGradientNeeded) {
        this.backgroundTraining = enabled;
        this.inputGradientNeeded = inputGradientNeeded;
    }

    /** Whether backward may defer weight-gradient work (see {@link #setBackgroundTraining}). */
    protected final boolean backgroundTraining() {
        return backgroundTraining;
    }

    /** Whether backward will be asked for {@code dL/dx}, as the model said in {@link #setBackgroundTraining}. */
    protected final boolean inputGradientNeeded() {
        return inputGradientNeeded;
    }

    /**
     * Computes the weight gradients the last backward deferred, on {@code kernels}; layers that
     * compute every gradient in backward do nothing here.
     */
    public void computeDeferredGradients(Kernels kernels) {
    }

    /**
     * Runs in the layer's update job right after the optimizer changed its weights, on the job's
     * kernels: a layer may derive what its next training step needs from the new weights here,
     * while they are still in this core's cache.
     */
    public void afterWeightUpdate(Kernels kernels) {
    }

    /**
     * Returns when the work {@link #afterWeightUpdate} handed to another core on its own (Dense's
     * {@code Wᵀ} job) has finished; the model calls it before any public method returns.
     */
    public void awaitDerivedWork() {
    }

    /**
     * The model's weights may have been written by something other than this layer's update job
     * (initialization, {@code setWeights}, loading, or anything between two {@code fit} calls):
     * forget what {@link #afterWeightUpdate} derived from them.
     */
    public void weightsChanged() {
    }

    /** True when the output is a softmax whose gradient a cross-entropy loss can fuse. */
    public boolean outputsSoftmax() {
        return false;
    }

    /**
     * Backward pass given the gradient with respect to the softmax's input (the logits), for
     * layers whose {@link #outputsSoftmax()} is true: the loss computed {@code p − onehot} directly.
     */
    public MemorySegment backwardFromLogits(MemorySegment dlogits, int rows, boolean needInputGradient) {
        throw new UnsupportedOperationException(describe() + " has no softmax output to fuse with the loss");
    }

    /** {@code "dense_3 (Dense)"}, for messages. */
    public String describe() {
        return (name == null ? defaultNameStem() : name) + " (" + className() + ")";
    }

    /** Shapes as Keras prints them: {@code (None, 100)}. */
    public static String formatShape(int[] perSample) {
        return "(None" + Arrays.stream(perSample).mapToObj(d -> ", " + d).collect(Collectors.joining()) + ")";
    }

    /** A 64-byte-aligned buffer of {@code floats} floats in {@code arena}. */
    protected static MemorySegment buffer(Arena arena, long floats) {
        return arena.allocate(Math.max(floats, 1) * Float.BYTES, dev.tensorlane.tensor.Tensor.ALIGNMENT);
    }

    /** Values per sample of {@code shape}; an {@link IllegalArgumentException} when that exceeds an int. */
    protected static int product(int[] shape) {
        long p = 1;
        for (int d : shape) {
            p *= d;
            if (p > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + formatShape(shape) + " holds more than "
                        + Integer.MAX_VALUE + " values per sample");
            }
        }
        return (int) p;
    }

    private <T> T requireConfigured(T value) {
        if (value == null) {
            throw new IllegalStateException(describe() + " has no input shape yet: add it to a model first");
        }
        return value;
    }

    /** Fails with a message naming this layer unless the input is flat ({@code (None, n)}). */
    protected final void requireFlatInput(int[] inputShape) {
        if (inputShape.length != 1) {
            throw new IllegalArgumentException(describe() + " expects a flat input (None, n) but got "
                    + formatShape(inputShape) + ": add a Flatten layer before it");
        }
    }
}
