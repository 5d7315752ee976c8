package dev.tensorlane.layers;

import dev.tensorlane.activations.ActivationFunction;
import dev.tensorlane.activations.Activations;
import dev.tensorlane.initializers.Initializer;
import dev.tensorlane.initializers.Initializers;
import dev.tensorlane.kernels.BackgroundJob;
import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * Keras's {@code Dense}: {@code y = activation(x·W + b)} with the kernel W stored
 * {@code [inputs × units]} (default glorot_uniform) and the bias b (default zeros; none when
 * {@code useBias} is false, as before a BatchNormalization).
 *
 * <p>Backward, with {@code dz = dy · activation'}: {@code dW = xᵀ·dz}, {@code db = Σ_rows dz},
 * {@code dx = dz·Wᵀ}. Training on more than one thread, Wᵀ is written once per step into a
 * workspace by a job of its own after each weight update, on another core, and {@code dx} is the
 * {@code A·B} product {@code dz·Wᵀ}; otherwise {@code dx} is {@code matmulTransB(dz, W)}, which at
 * batch 32 computes {@code (W·dzᵀ)ᵀ} and transposes only dz and the result (see
 * {@code VectorKernels.matmulTransB}).
 */
public final class Dense extends Layer {

    private final int units;
    private final ActivationFunction activation;
    private final Initializer kernelInitializer;
    private final Initializer biasInitializer;
    private final boolean useBias;

    private Parameter kernel;
    private Parameter bias;

    private MemorySegment input;      // the last forward's x, kept for dW
    private MemorySegment preActivation;
    private MemorySegment output;
    private MemorySegment preActivationGradient;
    private MemorySegment inputGradient;
    private MemorySegment kernelTransposed;

    /** {@code Dense(units)} with no activation (linear). */
    public Dense(int units) {
        this(units, (String) null);
    }

    /** {@code Dense(units, activation)} with a Keras activation name such as {@code "relu"}. */
    public Dense(int units, String activation) {
        this(units, Activations.get(activation), null);
    }

    /** {@code Dense(units, activation, name)} with a Keras activation name. */
    public Dense(int units, String activation, String name) {
        this(units, Activations.get(activation), name);
    }

    /** {@code Dense(units, activation, name)}; a null activation is linear, as in Keras. */
    public Dense(int units, ActivationFunction activation, String name) {
        this(units, activation, Initializer.glorotUniform(), Initializer.zeros(), true, name);
    }

    /**
     * Keras's {@code Dense(units, activation, use_bias, kernel_initializer, bias_initializer)} with
     * initializers by Keras name ({@code "lecun_normal"}, {@code "he_uniform"}, {@code "ones"}).
     */
    public Dense(int units, String activation, String kernelInitializer, String biasInitializer, boolean useBias) {
        this(units, Activations.get(activation), Initializers.get(kernelInitializer), Initializers.get(biasInitializer),
                useBias, null);
    }

    /** Keras's Dense with initializer objects; a null activation is linear. */
    public Dense(int units, String activation, Initializer kernelInitializer, Initializer biasInitializer, boolean useBias) {
        this(units, Activations.get(activation), kernelInitializer, biasInitializer, useBias, null);
    }

    /** Every option; {@code name} null for Keras's default name. */
    public Dense(int units, ActivationFunction activation, Initializer kernelInitializer, Initializer biasInitializer,
                 boolean useBias, String name) {
        super(name);
        if (kernelInitializer == null || biasInitializer == null) {
            throw new IllegalArgumentException("Dense: kernel and bias initializers must not be null");
        }
        this.kernelInitializer = kernelInitializer;
        this.biasInitializer = biasInitializer;
        this.useBias = useBias;
        if (units <= 0) {
            throw new IllegalArgumentException("Dense: units must be a positive integer, got " + units);
        }
        this.units = units;
        this.activation = activation == null ? Activations.get(null) : activation;
    }

    public int units() {
        return units;
    }

    public ActivationFunction activation() {
        return activation;
    }

    public boolean useBias() {
        return useBias;
    }

    public Initializer kernelInitializer() {
        return kernelInitializer;
    }

    public Initializer biasInitializer() {
        return biasInitializer;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.put("units", units);
        config.put("activation", activation.kerasName());
        config.put("use_bias", useBias);
        config.put("kernel_initializer", Initializers.toConfig(kernelInitializer));
        config.put("bias_initializer", Initializers.toConfig(biasInitializer));
        return config;
    }

    @Override
    protected int[] computeOutputShape(int[] inputShape) {
        requireFlatInput(inputShape);
        return new int[]{units};
    }

    @Override
    public long trainableParamCount() {
        return (long) inputSize() * units + (useBias ? units : 0);
    }

    @Override
    public void build(LayerContext context) {
        super.build(context);
        int in = inputSize();
        kernel = track(context.addWeight(this, "kernel", new int[]{in, units}, kernelInitializer, in, units, true));
        // a vector weight's fans are both its length, as Keras computes them
        bias = useBias ? track(context.addWeight(this, "bias", new int[]{units}, biasInitializer, units, units, true)) : null;
    }

    public Parameter kernel() {
        return kernel;
    }

    /** The bias, or null when {@code useBias} is false. */
    public Parameter bias() {
        return bias;
    }

    private final TransposeJob transposeJob = new TransposeJob();
    private boolean transposePending;
    private boolean transposeCurrent; // kernelTransposed is (or, once the pending job ends, will be) Wᵀ of the current W
    private MemorySegment deferredGradient; // dz of the last backward, when the weight gradients wait for the update job
    private int deferredRows;

    @Override
    public void allocateWorkspace(Arena arena, int maxRows) {
        long outFloats = (long) maxRows * units;
        preActivation = buffer(arena, outFloats);
        output = activation.isIdentity() ? preActivation : buffer(arena, outFloats);
        preActivationGradient = buffer(arena, outFloats);
        // a model that never asks this layer for dL/dx (its first layer with weights) needs neither buffer
        boolean inputGradients = !backgroundTraining() || inputGradientNeeded();
        inputGradient = inputGradients ? buffer(arena, (long) maxRows * inputSize()) : null;
        // Wᵀ only where a job makes it for dx (more than one thread); one thread's dx needs none
        kernelTransposed = inputGradients && transposeJobsPay() ? buffer(arena, (long) units * inputSize()) : null;
    }

    @Override
    public MemorySegment forward(MemorySegment x, int rows, boolean training) {
        input = x;
        kernels.matmul(x, kernel.value(), useBias ? bias.value() : null, preActivation, rows, inputSize(), units, false);
        if (training && transposeJobsPay() && inputGradientNeeded() && !transposeCurrent) {
            // the first step, or W changed outside training: Wᵀ for backward's dx, made beside the
            // rest of the forward pass (after that the update job submits it, see afterWeightUpdate)
            awaitTranspose();
            kernels.submit(transposeJob);
            transposePending = true;
            transposeCurrent = true;
        }
        if (!activation.isIdentity()) {
            activation.forward(kernels, preActivation, output, rows, units);
        }
        return output;
    }

    @Override
    public MemorySegment backward(MemorySegment dy, int rows, boolean needInputGradient) {
        MemorySegment dz = dy;
        if (!activation.isIdentity()) {
            activation.backward(kernels, preActivation, output, dy, preActivationGradient, rows, units);
            dz = preActivationGradient;
        }
        return backwardFromLogits(dz, rows, needInputGradient);
    }

    @Override
    public boolean outputsSoftmax() {
        return activation.isSoftmax();
    }

    /** Backward from {@code dz = dL/d(x·W + b)}; for a softmax Dense, dz is the loss's fused {@code p − onehot}. */
    @Override
    public MemorySegment backwardFromLogits(MemorySegment dz, int rows, boolean needInputGradient) {
        int in = inputSize();
        if (backgroundTraining()) {
            deferredGradient = dz;
            deferredRows = rows;
        } else {
            weightGradients(kernels, dz, rows);
        }
        if (!needInputGradient) {
            return null;
        }
        if (inputGradient == null) {
            throw new IllegalStateException(describe() + ": its model said no input gradient would be asked for,"
                    + " so it has no buffer for one");
        }
        if (!transposeJobsPay()) {
            kernels.matmulTransB(dz, kernel.value(), inputGradient, rows, units, in, false);
            return inputGradient;
        }
        if (transposePending) {
            awaitTranspose();
        } else if (!transposeCurrent) {
            transposeKernel(kernels);
        }
        kernels.matmul(dz, kernelTransposed, null, inputGradient, rows, units, in, false);
        return inputGradient;
    }

    /** {@code dW = xᵀ·dz}, {@code db = Σ_rows dz}. */
    private void weightGradients(Kernels on, MemorySegment dz, int rows) {
        on.matmulTransA(input, dz, kernel.gradient(), inputSize(), rows, units, false);
        if (useBias) {
            on.sumRows(dz, bias.gradient(), rows, units, false);
        }
    }

    @Override
    public void computeDeferredGradients(Kernels on) {
        if (deferredGradient != null) {
            weightGradients(on, deferredGradient, deferredRows);
            deferredGradient = null;
        }
    }

    /**
     * {@code Wᵀ} of the new W, for the next step's dx, as a job of its own: the next forward pass
     * awaits this update job (it needs W), not {@code Wᵀ}, which only this layer's next backward
     * reads. (Made inside the update job instead, the transpose delayed every forward layer's
     * wait: {@code bn} trained 1.01–1.04× slower on two threads, {@code selu} 1.05×.)
     */
    @Override
    public void afterWeightUpdate(Kernels on) {
        if (transposeJobsPay() && inputGradientNeeded()) {
            // the model's kernels, not the job's: their pool queues it
            kernels.submit(transposeJob);
            transposePending = true;
            transposeCurrent = true;
        } else {
            transposeCurrent = false; // on one thread dx needs no Wᵀ; a later run on more threads makes it anew
        }
    }

    @Override
    public void awaitDerivedWork() {
        awaitTranspose();
    }

    /** Whether a {@code Wᵀ} job is submitted and not yet awaited (for tests). */
    boolean transposePending() {
        return transposePending;
    }

    @Override
    public void weightsChanged() {
        transposeCurrent = false;
    }

    /**
     * Whether {@code dx} takes a {@code Wᵀ} made by a job: in background training on more than one
     * thread, where the job runs on another core and the caller's {@code dz·Wᵀ} (9.5 µs at batch 32)
     * beats {@code matmulTransB}'s transposes and product (11.4 µs): {@code bn} on two threads
     * trained 0.93–1.00× as fast without the jobs, and 1.07–1.25× as fast on one thread (same-JVM
     * A/B of whole epochs). Both give the same bits.
     */
    private boolean transposeJobsPay() {
        return backgroundTraining() && kernels.threads() > 1;
    }

    private void awaitTranspose() {
        if (transposePending) {
            transposePending = false;
            kernels.await(transposeJob);
        }
    }

    /** {@code Wᵀ} into the workspace, for {@code dx = dz·Wᵀ}. */
    private void transposeKernel(Kernels on) {
        on.transpose(kernel.value(), kernelTransposed, inputSize(), units);
    }

    private final class TransposeJob extends BackgroundJob {
        @Override
        protected void run(Kernels on) {
            transposeKernel(on);
        }
    }
}
