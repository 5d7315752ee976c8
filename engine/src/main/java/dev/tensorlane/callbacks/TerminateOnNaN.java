package dev.tensorlane.callbacks;

import dev.tensorlane.models.Sequential;

import java.io.PrintStream;

/**
 * Keras's {@code TerminateOnNaN}: when the running loss becomes NaN or infinite it stops training
 * (the flag, not an exception) and reports the batch and the first layer whose output or gradient
 * went non-finite. The check on the hot path is one comparison and allocates nothing.
 */
public final class TerminateOnNaN implements Callback {

    private final PrintStream out;
    private Sequential model;
    private int epoch;
    private String message;

    /** Reports on standard error. */
    public TerminateOnNaN() {
        this(System.err);
    }

    public TerminateOnNaN(PrintStream out) {
        this.out = out;
    }

    @Override
    public void setModel(Sequential model) {
        this.model = model;
    }

    @Override
    public void onTrainBegin(int epochs, int stepsPerEpoch, int samples) {
        message = null;
    }

    @Override
    public void onEpochBegin(int epoch) {
        this.epoch = epoch;
    }

    /** Reads the logs passed in; reads the model only once the loss is non-finite, after awaiting its updates. */
    @Override
    public boolean readsModelAfterBatch() {
        return false;
    }

    @Override
    public void onBatchEnd(int step, double meanLoss, double meanAccuracy) {
        if (Double.isFinite(meanLoss) || message != null) {
            return;
        }
        message = "Epoch " + (epoch + 1) + ", batch " + step + ": invalid loss " + meanLoss + ", terminating training; "
                + NonFiniteFinder.describe(model);
        out.println(message);
        model.stopTraining();
    }

    /** What it reported, or null when training stayed finite. */
    public String message() {
        return message;
    }
}
