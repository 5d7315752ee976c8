package dev.tensorlane.activations;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.MemorySegment;

/** The activations this engine knows by name, each running on the kernels forward and backward. */
public enum StandardActivation implements ActivationFunction {

    /** {@code f(x) = x}. */
    LINEAR("linear") {
        @Override
        public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
            k.copy(x, y, (long) rows * cols);
        }

        @Override
        public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int rows, int cols) {
            k.copy(dy, dx, (long) rows * cols);
        }

        @Override
        public boolean isIdentity() {
            return true;
        }
    },

    /** {@code f(x) = max(x, 0)}. */
    RELU("relu") {
        @Override
        public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
            k.relu(x, y, (long) rows * cols);
        }

        @Override
        public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int rows, int cols) {
            k.reluBackward(x, dy, dx, (long) rows * cols);
        }
    },

    /** {@code f(x) = x > 0 ? x : exp(x) − 1} (alpha 1, Keras's default). */
    ELU("elu") {
        @Override
        public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
            k.elu(x, y, (long) rows * cols, 1f, 1f);
        }

        @Override
        public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int rows, int cols) {
            k.eluBackward(y, dy, dx, (long) rows * cols, 1f, 1f);
        }
    },

    /** {@code f(x) = scale · (x > 0 ? x : alpha · (exp(x) − 1))} with the SELU paper's constants. */
    SELU("selu") {
        @Override
        public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
            k.elu(x, y, (long) rows * cols, SELU_ALPHA, SELU_SCALE);
        }

        @Override
        public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int rows, int cols) {
            k.eluBackward(y, dy, dx, (long) rows * cols, SELU_ALPHA, SELU_SCALE);
        }
    },

    /** {@code f(x) = 1 / (1 + exp(−x))}. */
    SIGMOID("sigmoid") {
        @Override
        public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
            k.sigmoid(x, y, (long) rows * cols);
        }

        @Override
        public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int rows, int cols) {
            k.sigmoidBackward(y, dy, dx, (long) rows * cols);
        }
    },

    /** {@code f(x) = tanh(x)}. */
    TANH("tanh") {
        @Override
        public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
            k.tanh(x, y, (long) rows * cols);
        }

        @Override
        public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int rows, int cols) {
            k.tanhBackward(y, dy, dx, (long) rows * cols);
        }
    },

    /** {@code f(x) = x > 0 ? x : 0.2·x}: {@code keras.activations.leaky_relu}'s default negative slope. */
    LEAKY_RELU("leaky_relu") {
        @Override
        public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
            k.leakyRelu(x, y, (long) rows * cols, LEAKY_RELU_SLOPE, 0f, Float.POSITIVE_INFINITY);
        }

        @Override
        public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int rows, int cols) {
            k.leakyReluBackward(x, dy, dx, (long) rows * cols, LEAKY_RELU_SLOPE, 0f, Float.POSITIVE_INFINITY);
        }
    },

    /** Keras 3's {@code f(x) = clip(x/6 + 1/2, 0, 1)}. */
    HARD_SIGMOID("hard_sigmoid") {
        @Override
        public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
            k.hardSigmoid(x, y, (long) rows * cols);
        }

        @Override
        public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int rows, int cols) {
            k.hardSigmoidBackward(x, dy, dx, (long) rows * cols);
        }
    },

    /** {@code f(x) = log(1 + exp(x))}. */
    SOFTPLUS("softplus") {
        @Override
        public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
            k.softplus(x, y, (long) rows * cols);
        }

        @Override
        public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int rows, int cols) {
            k.softplusBackward(x, dy, dx, (long) rows * cols);
        }
    },

    /** {@code f(x) = x / (1 + |x|)}. */
    SOFTSIGN("softsign") {
        @Override
        public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
            k.softsign(x, y, (long) rows * cols);
        }

        @Override
        public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int rows, int cols) {
            k.softsignBackward(x, dy, dx, (long) rows * cols);
        }
    },

    /** {@code f(x) = x · sigmoid(x)}; also known by its other Keras name, {@code silu}. */
    SWISH("swish") {
        @Override
        public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
            k.swish(x, y, (long) rows * cols);
        }

        @Override
        public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int rows, int cols) {
            k.swishBackward(x, dy, dx, (long) rows * cols);
        }
    },

    /** {@code f(x) = x · Φ(x)}, the exact form (Keras's default {@code approximate=False}). */
    GELU("gelu") {
        @Override
        public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
            k.gelu(x, y, (long) rows * cols);
        }

        @Override
        public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int rows, int cols) {
            k.geluBackward(x, dy, dx, (long) rows * cols);
        }
    },

    /** {@code f(x) = exp(x)}; its derivative is its output. */
    EXPONENTIAL("exponential") {
        @Override
        public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
            k.exponential(x, y, (long) rows * cols);
        }

        @Override
        public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int rows, int cols) {
            k.multiply(y, dy, dx, (long) rows * cols);
        }
    },

    /** Row-wise {@code exp(x_i − max) / Σ_j exp(x_j − max)}. */
    SOFTMAX("softmax") {
        @Override
        public void forward(Kernels k, MemorySegment x, MemorySegment y, int rows, int cols) {
            k.softmax(x, y, rows, cols);
        }

        @Override
        public void backward(Kernels k, MemorySegment x, MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int rows, int cols) {
            k.softmaxBackward(y, dy, dx, rows, cols);
        }

        @Override
        public boolean isSoftmax() {
            return true;
        }
    };

    /** SELU's alpha (Klambauer et al. 2017), as Keras has it. */
    public static final float SELU_ALPHA = 1.6732632423543772848f;
    /** {@code keras.activations.leaky_relu}'s default negative slope. */
    public static final float LEAKY_RELU_SLOPE = 0.2f;
    /** SELU's scale (lambda). */
    public static final float SELU_SCALE = 1.0507009873554804934f;

    private final String kerasName;

    StandardActivation(String kerasName) {
        this.kerasName = kerasName;
    }

    @Override
    public String kerasName() {
        return kerasName;
    }

    @Override
    public String toString() {
        return kerasName;
    }
}
