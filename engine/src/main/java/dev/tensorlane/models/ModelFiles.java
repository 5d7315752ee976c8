package dev.tensorlane.models;

import dev.tensorlane.io.AtomicFiles;
import dev.tensorlane.io.JsonException;
import dev.tensorlane.io.JsonObject;
import dev.tensorlane.io.JsonReader;
import dev.tensorlane.io.JsonWriter;
import dev.tensorlane.io.Safetensors;
import dev.tensorlane.io.SafetensorsFile;
import dev.tensorlane.io.SafetensorsFormatException;
import dev.tensorlane.layers.Parameter;
import dev.tensorlane.optimizers.Optimizer;
import dev.tensorlane.optimizers.OptimizerSlot;
import dev.tensorlane.optimizers.Optimizers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's files. {@code model.safetensors}: every weight under its Keras name, with the
 * architecture JSON in {@code __metadata__["config"]}. A saved directory adds {@code model.json}
 * and, for a compiled model, {@code training_state.safetensors}: the optimizer's slots
 * ({@code dense/kernel/m}, ...) and, in its metadata, the training config (loss, metrics,
 * optimizer class and config), the optimizer's iterations, the generator's state and the epochs
 * trained. Both safetensors files carry the optimizer's iteration count, so a directory whose
 * files come from different saves (a crash between two renames) is refused on load.
 */
final class ModelFiles {

    static final String MODEL_JSON = "model.json";
    static final String WEIGHTS = "model.safetensors";
    static final String TRAINING_STATE = "training_state.safetensors";
    static final String PENDING_STATE = ".training_state.safetensors.pending";

    private static final String FORMAT = "tensorlane";

    private ModelFiles() {
    }

    static void saveWeights(Sequential model, Path file) throws IOException {
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        for (Parameter p : model.weights()) {
            tensors.add(new Safetensors.Tensor(p.name(), p.shape(), p.value()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("framework", FORMAT);
        metadata.put("config", model.toJson());
        metadata.put("iterations", Long.toString(iterations(model)));
        Safetensors.write(file, tensors, metadata);
    }

    static void loadWeights(Sequential model, Path file) throws IOException {
        loadWeights(model, SafetensorsFile.read(file));
    }

    /**
     * All or nothing: every name, dtype and shape is checked before the first weight is copied, so
     * a file that does not fit leaves the model's weights exactly as they were.
     */
    static void loadWeights(Sequential model, SafetensorsFile weights) throws IOException {
        List<String> expected = model.weights().stream().map(Parameter::name).toList();
        requireSameNames(weights.file(), "weights", expected, weights.entries().keySet());
        for (Parameter p : model.weights()) {
            weights.check(p.name(), p.shape());
        }
        for (Parameter p : model.weights()) {
            weights.copyInto(p.name(), p.shape(), p.value());
        }
    }

    /**
     * Saves so that a crash at any moment leaves a directory that loads (the previous save or this
     * one): the training state goes to {@value #PENDING_STATE} first (written and forced), then the
     * weights are renamed into place, then the pending state is renamed over the old one. A crash
     * between the two renames leaves new weights beside the old state, and {@link #load} then takes
     * the pending state, which carries the weights' optimizer step.
     */
    static void save(Sequential model, Path dir) throws IOException {
        Files.createDirectories(dir);
        if (model.optimizer() != null) {
            Path pending = dir.resolve(PENDING_STATE);
            saveTrainingState(model, pending);
            saveWeights(model, dir.resolve(WEIGHTS));
            AtomicFiles.rename(pending, dir.resolve(TRAINING_STATE));
        } else {
            saveWeights(model, dir.resolve(WEIGHTS));
        }
        AtomicFiles.writeString(dir.resolve(MODEL_JSON), model.toJson() + "\n");
    }

    static Sequential load(Path dir) throws IOException {
        Path json = dir.resolve(MODEL_JSON);
        byte[] jsonBytes;
        try {
            jsonBytes = Files.readAllBytes(json);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(json.toString(), null, "no saved model here (expected " + MODEL_JSON
                    + ", " + WEIGHTS + " as Sequential.save writes them)");
        }
        Sequential model = ModelConfig.fromJson(jsonBytes, json.toString());
        try {
            Path statePath = dir.resolve(TRAINING_STATE);
            if (Files.exists(statePath)) {
                SafetensorsFile state = stateMatchingWeights(dir, SafetensorsFile.read(statePath));
                JsonObject trainingConfig = metadataJson(state, "training_config");
                JsonObject optimizerEntry = trainingConfig.object("optimizer_config");
                Optimizer optimizer = Optimizers.fromConfig(optimizerEntry.string("class_name"), optimizerEntry.object("config"));
                List<Object> metrics = trainingConfig.array("metrics");
                model.compile(trainingConfig.string("loss"), optimizer, metrics.stream().map(String::valueOf).toArray(String[]::new));
                model.loadWeights(dir.resolve(WEIGHTS));
                loadTrainingState(model, state);
                checkSameSave(dir.resolve(WEIGHTS), state);
            } else {
                model.loadWeights(dir.resolve(WEIGHTS));
            }
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    private static void saveTrainingState(Sequential model, Path file) throws IOException {
        Optimizer optimizer = model.optimizer();
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        for (OptimizerSlot slot : optimizer.slots()) {
            tensors.add(new Safetensors.Tensor("optimizer/" + slot.name(), slot.shape(), slot.value()));
        }
        Map<String, Object> optimizerConfig = new LinkedHashMap<>();
        optimizerConfig.put("class_name", optimizer.className());
        optimizerConfig.put("config", optimizer.getConfig());
        Map<String, Object> trainingConfig = new LinkedHashMap<>();
        trainingConfig.put("loss", model.loss().kerasName());
        trainingConfig.put("metrics", model.hasAccuracy() ? List.of("accuracy") : List.of());
        trainingConfig.put("optimizer_config", optimizerConfig);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("framework", FORMAT);
        metadata.put("training_config", JsonWriter.write(trainingConfig));
        metadata.put("iterations", Long.toString(optimizer.iterations()));
        metadata.put("random_state", Long.toString(model.randomState()));
        metadata.put("epochs_trained", Integer.toString(model.epochsTrained()));
        Safetensors.write(file, tensors, metadata);
    }

    private static void loadTrainingState(Sequential model, SafetensorsFile state) throws IOException {
        Optimizer optimizer = model.optimizer();
        List<String> expected = optimizer.slots().stream().map(s -> "optimizer/" + s.name()).toList();
        requireSameNames(state.file(), "optimizer slots", expected, state.entries().keySet());
        for (OptimizerSlot slot : optimizer.slots()) {
            state.copyInto("optimizer/" + slot.name(), slot.shape(), slot.value());
        }
        optimizer.setIterations(metadataLong(state, "iterations"));
        model.restoreRandomState(metadataLong(state, "random_state"));
        long epochs = metadataLong(state, "epochs_trained");
        long step = metadataLong(state, "iterations");
        if (epochs < 0 || epochs > Integer.MAX_VALUE || step < 0) {
            throw new SafetensorsFormatException(state.file(), -1, "__metadata__ epochs_trained " + epochs + " and iterations "
                    + step + " must be non-negative (epochs_trained at most " + Integer.MAX_VALUE + ")");
        }
        model.setEpochsTrained((int) epochs);
    }

    /**
     * The training state to load: {@code state}, unless a crash between {@link #save}'s two renames
     * left new weights beside it, in which case the pending state of that save (same step) is taken.
     */
    private static SafetensorsFile stateMatchingWeights(Path dir, SafetensorsFile state) throws IOException {
        Path pendingPath = dir.resolve(PENDING_STATE);
        if (!Files.isRegularFile(pendingPath)) {
            return state;
        }
        String weightsStep = SafetensorsFile.read(dir.resolve(WEIGHTS)).metadata().get("iterations");
        if (weightsStep == null || weightsStep.equals(state.metadata().get("iterations"))) {
            return state;
        }
        SafetensorsFile pending;
        try {
            pending = SafetensorsFile.read(pendingPath);
        } catch (IOException e) {
            return state; // an unfinished pending file from an interrupted save: checkSameSave reports the mismatch
        }
        return weightsStep.equals(pending.metadata().get("iterations")) ? pending : state;
    }

    /** The weights and the training state must come from the same save. */
    private static void checkSameSave(Path weightsPath, SafetensorsFile state) throws IOException {
        SafetensorsFile weights = SafetensorsFile.read(weightsPath);
        String a = weights.metadata().get("iterations");
        String b = state.metadata().get("iterations");
        if (a == null || !a.equals(b)) {
            throw new SafetensorsFormatException(weightsPath, -1, "weights are from optimizer step " + a + " but "
                    + state.file().getFileName() + " is from step " + b + ": the two files come from different saves");
        }
    }

    private static long iterations(Sequential model) {
        return model.optimizer() == null ? 0 : model.optimizer().iterations();
    }

    private static void requireSameNames(Path file, String what, List<String> expected, Set<String> found) throws IOException {
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(found);
        Set<String> extra = new LinkedHashSet<>(found);
        expected.forEach(extra::remove);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new SafetensorsFormatException(file, -1, what + " do not match the model: "
                    + (missing.isEmpty() ? "" : "missing " + missing + (extra.isEmpty() ? "" : "; "))
                    + (extra.isEmpty() ? "" : "unexpected " + extra));
        }
    }

    private static long metadataLong(SafetensorsFile file, String key) throws IOException {
        String value = file.metadata().get(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new SafetensorsFormatException(file.file(), -1, "__metadata__[\"" + key + "\"] must be an integer, got " + value);
        }
    }

    private static JsonObject metadataJson(SafetensorsFile file, String key) throws IOException {
        String value = file.metadata().get(key);
        if (value == null) {
            throw new SafetensorsFormatException(file.file(), -1, "__metadata__ has no \"" + key + "\"");
        }
        try {
            return JsonObject.of(JsonReader.parse(value, file.file() + " __metadata__[\"" + key + "\"]"),
                    file.file() + " __metadata__[\"" + key + "\"]");
        } catch (JsonException e) {
            throw new SafetensorsFormatException(file.file(), -1, e.getMessage());
        }
    }
}
