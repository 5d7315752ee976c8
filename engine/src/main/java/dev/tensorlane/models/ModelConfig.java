package dev.tensorlane.models;

import dev.tensorlane.io.JsonException;
import dev.tensorlane.io.JsonObject;
import dev.tensorlane.io.JsonReader;
import dev.tensorlane.io.JsonWriter;
import dev.tensorlane.layers.Layer;
import dev.tensorlane.layers.Layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's architecture as Keras's {@code to_json()} writes it:
 * {@code {"class_name": "Sequential", "config": {"name": ..., "layers": [{"class_name": "Dense",
 * "config": {...}}, ...]}, "backend": "tensorlane"}}, and back.
 */
final class ModelConfig {

    private ModelConfig() {
    }

    static String toJson(Sequential model) {
        List<Object> layers = new ArrayList<>();
        for (Layer layer : model.layers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class_name", layer.className());
            entry.put("config", layer.getConfig());
            layers.add(entry);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", model.name());
        config.put("layers", layers);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("class_name", "Sequential");
        root.put("config", config);
        root.put("backend", "tensorlane");
        return JsonWriter.write(root);
    }

    /**
     * A new, unbuilt model; {@code source} names the document in errors (a file name). Reads this
     * engine's files and real Keras {@code to_json()} output in its three shapes: Keras 2.x
     * ({@code batch_input_shape} on the first layer, {@code keras_version}/{@code backend} at the top),
     * Keras 2.4+ (an {@code InputLayer} entry first) and Keras 3 ({@code module},
     * {@code registered_name}, {@code build_config}, {@code dtype} as a {@code DTypePolicy} object,
     * an {@code InputLayer} with {@code batch_shape}, the model's {@code build_input_shape}). Fields
     * that do not change the computation are ignored; unsupported layers and options are refused
     * with a message naming them.
     */
    static Sequential fromJson(byte[] json, String source) {
        JsonObject root = JsonObject.of(JsonReader.parse(json, source), source);
        String className = root.string("class_name");
        if (!className.equals("Sequential")) {
            throw new JsonException(source + ": class_name \"" + className + "\" is not a model this engine builds; expected \"Sequential\"");
        }
        JsonObject config = root.object("config");
        List<Object> layerEntries = config.array("layers");
        if (layerEntries.isEmpty()) {
            throw new JsonException(source + ": config.layers is empty");
        }
        Sequential model = new Sequential(config.string("name", "sequential"));
        try {
            // Keras 3 records the model's input shape as build_input_shape; an InputLayer entry overrides it
            int[] inputShape = config.has("build_input_shape") ? perSample(config, "build_input_shape") : null;
            for (int i = 0; i < layerEntries.size(); i++) {
                JsonObject entry = JsonObject.of(layerEntries.get(i), source + ": config.layers[" + i + "]");
                JsonObject rawConfig = entry.object("config");
                String where = rawConfig.has("name") ? entry.where() + " (" + rawConfig.raw("name") + ")" : entry.where();
                JsonObject layerConfig = JsonObject.of(entry.raw("config"), where + ".config");
                String layerClass = entry.string("class_name");
                if (layerClass.equals("InputLayer")) {
                    if (!model.layers().isEmpty()) {
                        throw new JsonException(where + ": an InputLayer after the first layer is not a Sequential model this engine builds");
                    }
                    Layers.checkDtype(layerConfig);
                    if (layerConfig.bool("sparse", false) || layerConfig.bool("ragged", false)) {
                        throw new JsonException(where + ": sparse or ragged InputLayer is not supported");
                    }
                    String field = layerConfig.has("batch_shape") ? "batch_shape" : "batch_input_shape";
                    inputShape = perSample(layerConfig, field);
                    continue;
                }
                Layer layer = Layers.fromConfig(layerClass, layerConfig);
                if (model.layers().isEmpty() && layer.declaredInputShape() == null) {
                    int[] shape = inputShape;
                    if (shape == null && entry.has("build_config") && entry.object("build_config").has("input_shape")) {
                        shape = perSample(entry.object("build_config"), "input_shape");
                    }
                    if (shape != null) {
                        try {
                            layer.declareInputShape(shape);
                        } catch (IllegalArgumentException e) {
                            throw new JsonException(where + ": input shape: " + e.getMessage());
                        }
                    }
                }
                try {
                    model.add(layer);
                } catch (IllegalArgumentException e) {
                    throw new JsonException(where + ": " + e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** The per-sample part of a Keras batch shape {@code [null, d1, ...]}. */
    private static int[] perSample(JsonObject object, String field) {
        int[] batchShape = object.intArray(field);
        if (batchShape.length < 2 || batchShape[0] != -1) {
            throw new JsonException(object.where() + ": field \"" + field + "\" must be [null, d1, ...], got " + object.raw(field));
        }
        for (int i = 1; i < batchShape.length; i++) {
            if (batchShape[i] <= 0) {
                throw new JsonException(object.where() + ": field \"" + field + "\" must have positive sizes after the batch dimension, got "
                        + object.raw(field));
            }
        }
        return Arrays.copyOfRange(batchShape, 1, batchShape.length);
    }
}
