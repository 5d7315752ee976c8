package dev.tensorlane.callbacks;

import dev.tensorlane.layers.BatchNormalization;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.models.FitOptions;
import dev.tensorlane.models.History;
import dev.tensorlane.models.Sequential;
import dev.tensorlane.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Callbacks against scripted metric sequences, driven through their hooks as fit drives them. */
class CallbacksTest {

    @TempDir
    Path dir;

    private static Sequential tinyModel() {
        Sequential model = new Sequential().seed(1);
        model.add(new Flatten(4));
        model.add(new Dense(6, "relu"));
        model.add(new BatchNormalization());
        model.add(new Dense(2, "softmax"));
        model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
        return model;
    }

    /** Runs the epoch hooks over {@code values} of {@code key} until the model asks to stop; returns epochs run. */
    private static int script(Sequential model, Callback callback, String key, double... values) {
        callback.setModel(model);
        callback.onTrainBegin(values.length, 1, 1);
        int epoch = 0;
        for (; epoch < values.length && !model.isStopTrainingRequested(); epoch++) {
            callback.onEpochBegin(epoch);
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", 1.0 / (epoch + 1));
            logs.put(key, values[epoch]);
            callback.onEpochEnd(epoch, logs, 100);
        }
        return epoch;
    }

    @Test
    void earlyStoppingWaitsPatienceEpochsForAnImprovementLargerThanMinDelta() {
        try (Sequential model = tinyModel()) {
            EarlyStopping stop = new EarlyStopping("val_loss", 1e-3, 2);
            // improvements at epochs 0, 1; epoch 2 improves by less than min_delta; 3 is worse -> stops at 3
            assertEquals(4, script(model, stop, "val_loss", 0.9, 0.8, 0.7995, 0.85, 0.1, 0.1));
            assertEquals(3, stop.stoppedEpoch());
            assertEquals(1, stop.bestEpoch());
            assertEquals(0.8, stop.best());
        }
        try (Sequential model = tinyModel()) {
            EarlyStopping stop = new EarlyStopping("val_accuracy", 0, 0);
            // auto mode maximises accuracy; patience 0 stops at the first epoch without improvement, never epoch 0
            assertEquals(3, script(model, stop, "val_accuracy", 0.5, 0.6, 0.6, 0.9));
            assertEquals(2, stop.stoppedEpoch());
        }
        try (Sequential model = tinyModel()) {
            assertEquals(5, script(model, new EarlyStopping("val_loss", 0, 5), "val_loss", 1, 2, 3, 4, 5));
            assertFalse(model.isStopTrainingRequested());
        }
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        try (Sequential model = tinyModel()) {
            EarlyStopping stop = new EarlyStopping("val_loss", 0, 1, "min", true);
            stop.setModel(model);
            stop.onTrainBegin(3, 1, 1);
            stop.onEpochEnd(0, Map.of("val_loss", 0.5), 1);
            List<float[]> best = model.getWeights();
            List<float[]> changed = new ArrayList<>();
            best.forEach(w -> {
                float[] c = w.clone();
                java.util.Arrays.fill(c, 3f);
                changed.add(c);
            });
            model.setWeights(changed);
            stop.onEpochEnd(1, Map.of("val_loss", 0.7), 1);
            assertTrue(model.isStopTrainingRequested());
            for (int i = 0; i < best.size(); i++) {
                assertArrayEquals(best.get(i), model.getWeights().get(i));
            }
        }
    }

    @Test
    void monitoringAMissingKeyNamesTheKeysThereAre() {
        try (Sequential model = tinyModel()) {
            EarlyStopping stop = new EarlyStopping();
            stop.setModel(model);
            stop.onTrainBegin(1, 1, 1);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> stop.onEpochEnd(0, Map.of("loss", 1.0), 1));
            assertEquals("EarlyStopping monitors 'val_loss' but the logs have only [loss] (pass validation data to fit)", e.getMessage());
        }
    }

    @Test
    void modelCheckpointSavesOnlyImprovementsWhenAsked() throws IOException {
        try (Sequential model = tinyModel()) {
            Path file = dir.resolve("best-{epoch}.safetensors");
            ModelCheckpoint checkpoint = new ModelCheckpoint(file, "val_loss", true);
            script(model, checkpoint, "val_loss", 0.9, 0.95, 0.7, 0.8);
            try (var files = Files.list(dir)) {
                assertEquals(List.of("best-1.safetensors", "best-3.safetensors"),
                        files.map(p -> p.getFileName().toString()).sorted().toList());
            }
            assertEquals(0.7, checkpoint.best());
        }
        try (Sequential model = tinyModel()) {
            ModelCheckpoint every = new ModelCheckpoint(dir.resolve("run"));
            script(model, every, "val_loss", 0.9, 0.95);
            assertTrue(Files.exists(dir.resolve("run/model.json")) && Files.exists(dir.resolve("run/training_state.safetensors")));
        }
    }

    @Test
    void csvLoggerWritesKerasColumnsAndAppends() throws IOException {
        Path file = dir.resolve("history.csv");
        try (Sequential model = tinyModel()) {
            script(model, new CSVLogger(file), "val_loss", 0.5, 0.25);
            assertEquals("epoch,loss,val_loss\n0,1.0,0.5\n1,0.5,0.25\n", Files.readString(file));
            CSVLogger appending = new CSVLogger(file, true);
            appending.onTrainBegin(3, 1, 1);
            appending.onEpochEnd(2, Map.of("val_loss", 0.125, "loss", 0.3), 1);
            assertEquals("epoch,loss,val_loss\n0,1.0,0.5\n1,0.5,0.25\n2,0.3,0.125\n", Files.readString(file));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> appending.onEpochEnd(3, Map.of("loss", 0.3), 1));
            assertTrue(e.getMessage().contains("has columns [loss, val_loss] but epoch 3 logs [loss]"), e.getMessage());
        }
    }

    @Test
    void terminateOnNaNStopsAndNamesTheFirstNonFiniteLayer() {
        try (Sequential model = tinyModel(); Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 4, 3, 2, 1}, 2, 4)) {
            List<float[]> weights = new ArrayList<>(model.getWeights());
            float[] kernel = weights.get(2).clone(); // batch_normalization/gamma ... index 2 is gamma
            kernel[0] = Float.NaN;
            weights.set(2, kernel);
            model.setWeights(weights);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TerminateOnNaN terminate = new TerminateOnNaN(new PrintStream(out, true, StandardCharsets.UTF_8));
            History history = model.fit(x, new int[]{0, 1}, FitOptions.epochs(5).batchSize(1).verbose(0).callbacks(terminate));
            assertEquals(1, history.epochs());
            assertEquals("Epoch 1, batch 0: invalid loss NaN, terminating training; the output of layer "
                    + "batch_normalization (BatchNormalization) is non-finite (element 0: NaN)", terminate.message());
            assertEquals(terminate.message() + "\n", out.toString(StandardCharsets.UTF_8));
        }
        try (Sequential model = tinyModel(); Tensor x = Tensor.of(new float[]{1, 2, 3, 4}, 1, 4)) {
            TerminateOnNaN terminate = new TerminateOnNaN(new PrintStream(new ByteArrayOutputStream()));
            model.fit(x, new int[]{1}, FitOptions.epochs(2).verbose(0).callbacks(terminate));
            assertNull(terminate.message());
        }
    }

    @Test
    void layerStatisticsRecordsEveryLayerEveryEpoch() throws IOException {
        try (Sequential model = tinyModel(); Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 4, 3, 2, 1, 0, 1, 0, 1, 5, 5, 5, 5}, 4, 4)) {
            LayerStatistics stats = new LayerStatistics();
            model.fit(x, new int[]{0, 1, 0, 1}, FitOptions.epochs(2).batchSize(4).verbose(0).callbacks(stats));
            List<LayerStatistics.Row> rows = stats.rows();
            assertEquals(8, rows.size());
            LayerStatistics.Row input = rows.get(0);
            assertEquals(2.625, input.activationMean(), 1e-6);
            assertTrue(Double.isNaN(input.gradientNorm()));
            LayerStatistics.Row bn = rows.get(2);
            assertEquals("batch_normalization", bn.layer());
            assertEquals(0, bn.activationMean(), 1e-5); // gamma 1, beta 0 in the first step: exactly normalised
            assertTrue(bn.activationStd() > 0.5 && bn.activationStd() <= 1.0001, "std " + bn.activationStd());
            assertTrue(bn.gradientNorm() > 0);
            Path csv = dir.resolve("layer_stats.csv");
            stats.writeCsv(csv);
            List<String> lines = Files.readAllLines(csv);
            assertEquals("epoch,depth,layer,class_name,activation_mean,activation_std,gradient_norm", lines.get(0));
            assertTrue(lines.get(1).startsWith("0,0,flatten,Flatten,2.62500,") && lines.get(1).endsWith(","), lines.get(1));
            assertEquals(9, lines.size());
        }
    }
}
