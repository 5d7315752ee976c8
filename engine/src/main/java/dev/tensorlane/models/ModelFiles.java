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
        SafetensorsFile weights = SafetensorsFile.read(file);
        List<String> expected = model.weights().stream().map(Parameter::name).toList();
        requireSameNames(file, "weights", expected, weights.entries().keySet());
        for (Parameter p : model.weights()) {
            weights.copyInto(p.name(), p.shape(), p.value());
        }
    }

    static void save(Sequential model, Path dir) throws IOException {
        Files.createDirectories(dir);
        saveWeights(model, dir.resolve(WEIGHTS));
        if (model.optimizer() != null) {
            saveTrainingState(model, dir.resolve(TRAINING_STATE));
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
                SafetensorsFile state = SafetensorsFile.read(statePath);
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
        model.setEpochsTrained(Math.toIntExact(metadataLong(state, "epochs_trained")));
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
