package dev.tensorlane.callbacks;

import dev.tensorlane.models.Sequential;

import java.util.Map;

/**
 * Hooks into {@code Sequential.fit}, as Keras's callbacks do. Every method has an empty default,
 * so a callback overrides only what it needs. Epochs and steps count from 0.
 */
public interface Callback {

    /**
     * Keras's {@code set_model}: fit hands the callback its model before {@link #onTrainBegin},
     * for callbacks that stop training, save or inspect it.
     */
    default void setModel(Sequential model) {
    }

    /** Before the first epoch. */
    default void onTrainBegin(int epochs, int stepsPerEpoch, int samples) {
    }

    default void onEpochBegin(int epoch) {
    }

    /**
     * After each training step, with the running means over the epoch so far (sample-weighted,
     * as Keras's progress bar shows them). Called on the hot path: must not allocate.
     */
    default void onBatchEnd(int step, double meanLoss, double meanAccuracy) {
    }

    /**
     * Whether {@link #onBatchEnd} reads weights, gradients or optimizer state from their segments
     * ({@code Parameter.value()}, {@code gradient()}). If no callback does, fit lets each step's
     * weight updates finish beside the next step's forward pass; otherwise it finishes them before
     * calling onBatchEnd. The model's own methods ({@code getWeights}, {@code setWeights},
     * {@code save}, {@code evaluate}, …) finish them first either way, and activations and the
     * logs passed in are always final.
     */
    default boolean readsModelAfterBatch() {
        return true;
    }

    /**
     * After an epoch's training and validation, with its values under Keras's keys
     * ({@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy}) and the training
     * throughput in samples per second.
     */
    default void onEpochEnd(int epoch, Map<String, Double> logs, double samplesPerSecond) {
    }

    default void onTrainEnd() {
    }
}
