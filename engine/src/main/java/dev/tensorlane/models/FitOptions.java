package dev.tensorlane.models;

import dev.tensorlane.callbacks.Callback;
import dev.tensorlane.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@code Sequential.fit}, with Keras's defaults: batch size 32, shuffle every
 * epoch, progress bar on ({@code verbose = 1}), no validation data. Built fluently:
 * {@code FitOptions.epochs(10).batchSize(64).validation(xValid, yValid)}.
 */
public final class FitOptions {

    int epochs;
    int initialEpoch;
    int batchSize = 32;
    boolean shuffle = true;
    Long seed;
    int verbose = 1;
    Tensor validationX;
    int[] validationY;
    Tensor validationTargets;
    final List<Callback> callbacks = new ArrayList<>();

    private FitOptions(int epochs) {
        this.epochs = epochs;
    }

    /** Options for {@code epochs} passes over the data. */
    public static FitOptions epochs(int epochs) {
        return new FitOptions(epochs);
    }

    /**
     * Keras's {@code initial_epoch}: the epoch to start from when resuming (epochs run from
     * {@code initialEpoch} to {@code epochs - 1}); usually {@code model.epochsTrained()}.
     */
    public FitOptions initialEpoch(int initialEpoch) {
        this.initialEpoch = initialEpoch;
        return this;
    }

    public FitOptions batchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Re-seeds the model's generator (shuffling and dropout masks) before training. */
    public FitOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** 0 silent, 1 progress bar (Keras's default). */
    public FitOptions verbose(int verbose) {
        this.verbose = verbose;
        return this;
    }

    /** Keras's {@code validation_data=(x, y)} with float targets (mean squared error, categorical crossentropy ...). */
    public FitOptions validation(Tensor x, Tensor y) {
        this.validationX = x;
        this.validationY = null;
        this.validationTargets = y;
        return this;
    }

    /** Keras's {@code validation_data=(x, y)}, evaluated at the end of every epoch. */
    public FitOptions validation(Tensor x, int[] y) {
        this.validationX = x;
        this.validationTargets = null;
        this.validationY = y;
        return this;
    }

    public FitOptions callbacks(Callback... more) {
        this.callbacks.addAll(List.of(more));
        return this;
    }
}
