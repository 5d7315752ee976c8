package dev.tensorlane.models;

import dev.tensorlane.io.JsonException;
import dev.tensorlane.io.JsonObject;
import dev.tensorlane.io.JsonReader;
import dev.tensorlane.io.JsonWriter;
import dev.tensorlane.layers.Layer;
import dev.tensorlane.layers.Layers;

import java.util.ArrayList;
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

    /** A new, unbuilt model; {@code source} names the document in errors (a file name). */
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
            for (int i = 0; i < layerEntries.size(); i++) {
                JsonObject entry = JsonObject.of(layerEntries.get(i), source + ": config.layers[" + i + "]");
                JsonObject rawConfig = entry.object("config");
                String where = rawConfig.has("name") ? entry.where() + " (" + rawConfig.raw("name") + ")" : entry.where();
                JsonObject layerConfig = JsonObject.of(entry.raw("config"), where + ".config");
                Layer layer = Layers.fromConfig(entry.string("class_name"), layerConfig);
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
}
