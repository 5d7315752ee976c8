package dev.tensorlane.samples;

import dev.tensorlane.callbacks.CSVLogger;
import dev.tensorlane.callbacks.Callback;
import dev.tensorlane.callbacks.LayerStatistics;
import dev.tensorlane.callbacks.ModelCheckpoint;
import dev.tensorlane.io.AtomicFiles;
import dev.tensorlane.io.JsonObject;
import dev.tensorlane.io.JsonReader;
import dev.tensorlane.io.JsonWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outputs of {@code ./tensorlane train --out runs/NAME}: the model saved after every epoch
 * ({@code model.json}, {@code model.safetensors}, {@code training_state.safetensors}),
 * {@code history.csv} (Keras's CSVLogger), {@code run.json} (the command-line settings a resume
 * reuses), and at the end {@code learning_curves.png} and, with {@code --stats},
 * {@code layer_stats.csv} and {@code layer_stats.png}.
 */
final class RunDirectory {

    static final String HISTORY = "history.csv";
    static final String CURVES = "learning_curves.png";
    static final String STATS_CSV = "layer_stats.csv";
    static final String STATS_PNG = "layer_stats.png";
    static final String RUN_JSON = "run.json";

    /** What a resumed run must reuse: the model's name in SeedModels and the batch size. */
    record Settings(String model, int batchSize) {
    }

    private final Path dir;

    RunDirectory(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** A fresh run must not overwrite a saved one. */
    void requireNoSavedModel() {
        if (Files.exists(dir.resolve("model.json"))) {
            throw new UsageException("train: " + dir + " already holds a saved model; continue it with --resume " + dir
                    + " or choose another --out");
        }
    }

    void writeSettings(Settings settings) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", settings.model());
        json.put("batch_size", settings.batchSize());
        AtomicFiles.writeString(dir.resolve(RUN_JSON), JsonWriter.write(json) + "\n");
    }

    Settings readSettings() throws IOException {
        Path file = dir.resolve(RUN_JSON);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "not a run directory written by train --out");
        }
        JsonObject json = JsonObject.of(JsonReader.parse(bytes, file.toString()), file.toString());
        return new Settings(json.string("model"), json.intValue("batch_size"));
    }

    /** Saves the model after every epoch and logs the history; a resumed run appends to the history. */
    List<Callback> callbacks(boolean resuming) {
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(new CSVLogger(dir.resolve(HISTORY), resuming));
        callbacks.add(new ModelCheckpoint(dir));
        return callbacks;
    }

    /** Draws the learning curves from the whole history and writes the layer statistics of every epoch so far. */
    List<Path> finish(LayerStatistics stats, int initialEpoch) throws IOException {
        List<Path> written = new ArrayList<>();
        Path curves = dir.resolve(CURVES);
        LearningCurves.write(HistoryCsv.read(dir.resolve(HISTORY)), curves);
        written.add(curves);
        if (stats != null) {
            List<LayerStatistics.Row> rows = new ArrayList<>(LayerStatsCsv.read(dir.resolve(STATS_CSV), initialEpoch));
            rows.addAll(stats.rows());
            LayerStatistics.writeCsv(rows, dir.resolve(STATS_CSV));
            LayerStatsPlot.write(rows, dir.resolve(STATS_PNG));
            written.add(dir.resolve(STATS_CSV));
            written.add(dir.resolve(STATS_PNG));
        }
        return written;
    }
}
