package dev.tensorlane.callbacks;

import dev.tensorlane.models.Sequential;

import java.util.List;
import java.util.Map;

/**
 * Keras's {@code EarlyStopping(monitor="val_loss", min_delta=0, patience=0, mode="auto",
 * restore_best_weights=False)}: stops training (a flag, {@link Sequential#stopTraining()}) once
 * the monitored value has not improved by more than {@code minDelta} for {@code patience} epochs,
 * never in the first epoch. With {@code restoreBestWeights} the model gets back the weights of
 * its best epoch when it stops.
 */
public final class EarlyStopping implements Callback {

    private final Monitor monitor;
    private final int patience;
    private final boolean restoreBestWeights;

    private Sequential model;
    private double best;
    private int wait;
    private int bestEpoch = -1;
    private int stoppedEpoch = -1;
    private List<float[]> bestWeights;

    /** Keras's defaults: monitor val_loss, min_delta 0, patience 0, mode auto, no weight restore. */
    public EarlyStopping() {
        this("val_loss", 0, 0, "auto", false);
    }

    public EarlyStopping(String monitor, double minDelta, int patience) {
        this(monitor, minDelta, patience, "auto", false);
    }

    public EarlyStopping(String monitor, double minDelta, int patience, String mode, boolean restoreBestWeights) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        }
        try {
            this.monitor = new Monitor(monitor, mode, Math.abs(minDelta));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("EarlyStopping: " + e.getMessage());
        }
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
    }

    @Override
    public void setModel(Sequential model) {
        this.model = model;
    }

    @Override
    public void onTrainBegin(int epochs, int stepsPerEpoch, int samples) {
        best = monitor.initialBest();
        wait = 0;
        bestEpoch = -1;
        stoppedEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, double samplesPerSecond) {
        double current = monitor.read(logs, "EarlyStopping");
        if (restoreBestWeights && bestWeights == null) {
            bestWeights = model.getWeights();
        }
        wait++;
        if (monitor.isImprovement(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = model.getWeights();
            }
            wait = 0;
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            model.stopTraining();
            if (restoreBestWeights && bestWeights != null) {
                model.setWeights(bestWeights);
            }
        }
    }

    /** The epoch (from 0) in which training was stopped, or -1. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The epoch (from 0) with the best monitored value so far, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public double best() {
        return best;
    }
}
