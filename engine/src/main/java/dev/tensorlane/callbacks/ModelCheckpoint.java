package dev.tensorlane.callbacks;

import dev.tensorlane.models.Sequential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Keras's {@code ModelCheckpoint(filepath, monitor="val_loss", save_best_only=False)}: at the end
 * of every epoch (or, with {@code saveBestOnly}, of every epoch that improves the monitored value)
 * saves the model. A path ending in {@code .safetensors} gets the weights only
 * ({@link Sequential#saveWeights}); any other path is a directory that gets the whole model and
 * its training state ({@link Sequential#save}). {@code {epoch}} in the path becomes the epoch
 * number from 1, as Keras formats it. Every file is written atomically.
 */
public final class ModelCheckpoint implements Callback {

    private final String path;
    private final Monitor monitor;
    private final boolean saveBestOnly;

    private Sequential model;
    private double best;
    private Path lastSaved;

    /** Saves after every epoch. */
    public ModelCheckpoint(Path path) {
        this(path, "val_loss", false);
    }

    public ModelCheckpoint(Path path, String monitor, boolean saveBestOnly) {
        this(path, monitor, saveBestOnly, "auto");
    }

    public ModelCheckpoint(Path path, String monitor, boolean saveBestOnly, String mode) {
        this.path = path.toString();
        try {
            this.monitor = new Monitor(monitor, mode, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ModelCheckpoint: " + e.getMessage());
        }
        this.saveBestOnly = saveBestOnly;
        this.best = this.monitor.initialBest();
    }

    @Override
    public void setModel(Sequential model) {
        this.model = model;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, double samplesPerSecond) {
        if (saveBestOnly) {
            double current = monitor.read(logs, "ModelCheckpoint");
            if (!monitor.isImprovement(current, best)) {
                return;
            }
            best = current;
        }
        Path target = Path.of(path.replace("{epoch}", Integer.toString(epoch + 1)));
        try {
            if (target.getFileName().toString().endsWith(".safetensors")) {
                model.saveWeights(target);
            } else {
                model.save(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot save to " + target + ": " + e.getMessage(), e);
        }
        lastSaved = target;
    }

    /** Where the last save went, or null. */
    public Path lastSaved() {
        return lastSaved;
    }

    /** The best monitored value seen (with {@code saveBestOnly}). */
    public double best() {
        return best;
    }
}
