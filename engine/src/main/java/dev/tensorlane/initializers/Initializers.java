package dev.tensorlane.initializers;

import dev.tensorlane.io.JsonException;
import dev.tensorlane.io.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Initializers by Keras name ({@code "lecun_normal"}) or class name ({@code "LecunNormal"}), from
 * the {@code {"class_name": ..., "config": ...}} objects of Keras 2 and 3 {@code to_json()} files,
 * and back. A {@code seed} in a config is ignored: every draw comes from the model's seeded
 * generator, so a model is reproducible by its own seed.
 */
public final class Initializers {

    /** The snake-case names, in Keras's documentation order. */
    public static final List<String> NAMES = List.of("zeros", "ones", "constant", "random_uniform", "random_normal",
            "truncated_normal", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform",
            "lecun_normal", "variance_scaling");

    private Initializers() {
    }

    /**
     * The initializer called {@code name} with Keras's defaults: a snake-case name
     * ({@code glorot_uniform}) or a class name ({@code GlorotUniform}).
     *
     * @throws IllegalArgumentException naming the unknown initializer and the known ones
     */
    public static Initializer get(String name) {
        String key = name == null ? "" : name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return switch (key) {
            case "zeros", "zero" -> Initializer.zeros();
            case "ones", "one" -> Initializer.ones();
            case "constant" -> Initializer.constant(0f);
            case "random_uniform", "uniform" -> Initializer.randomUniform();
            case "random_normal", "normal" -> Initializer.randomNormal();
            case "truncated_normal" -> Initializer.truncatedNormal();
            case "glorot_uniform" -> Initializer.glorotUniform();
            case "glorot_normal" -> Initializer.glorotNormal();
            case "he_uniform" -> Initializer.heUniform();
            case "he_normal" -> Initializer.heNormal();
            case "lecun_uniform" -> Initializer.lecunUniform();
            case "lecun_normal" -> Initializer.lecunNormal();
            case "variance_scaling" -> new VarianceScaling(1, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.TRUNCATED_NORMAL);
            default -> throw new IllegalArgumentException("unknown initializer '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    /**
     * An initializer from a Keras config value: a name string, or an object with
     * {@code class_name} and {@code config} (Keras 3 adds {@code module} and {@code registered_name},
     * which are ignored). {@code where} names the place for errors.
     */
    public static Initializer fromConfig(Object value, String where) {
        if (value instanceof String name) {
            try {
                return get(name);
            } catch (IllegalArgumentException e) {
                throw new JsonException(where + ": " + e.getMessage());
            }
        }
        JsonObject object = JsonObject.of(value, where);
        String className = object.string("class_name");
        JsonObject config = object.has("config") && object.raw("config") != null
                ? object.object("config") : new JsonObject(Map.of(), where + ".config");
        try {
            return switch (className) {
                case "Constant" -> Initializer.constant((float) config.number("value", 0));
                case "RandomUniform" -> new RandomUniform(config.number("minval", -0.05), config.number("maxval", 0.05));
                case "RandomNormal" -> new RandomNormal(config.number("mean", 0), config.number("stddev", 0.05), false);
                case "TruncatedNormal" -> new RandomNormal(config.number("mean", 0), config.number("stddev", 0.05), true);
                case "VarianceScaling" -> new VarianceScaling(config.number("scale", 1), mode(config), distribution(config));
                default -> get(className);
            };
        } catch (JsonException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new JsonException(where + ": " + e.getMessage());
        }
    }

    /** Keras's serialised form: {@code {"class_name": "GlorotUniform", "config": {"seed": null}}}. */
    public static Map<String, Object> toConfig(Initializer initializer) {
        if (initializer.className() == null) {
            throw new IllegalArgumentException("initializer " + initializer + " has no Keras class name, so it cannot be written to a config;"
                    + " use one of " + String.join(", ", NAMES));
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("class_name", initializer.className());
        entry.put("config", initializer.getConfig());
        return entry;
    }

    private static VarianceScaling.Mode mode(JsonObject config) {
        String mode = config.string("mode", "fan_in");
        return switch (mode) {
            case "fan_in" -> VarianceScaling.Mode.FAN_IN;
            case "fan_out" -> VarianceScaling.Mode.FAN_OUT;
            case "fan_avg" -> VarianceScaling.Mode.FAN_AVG;
            default -> throw new JsonException(config.where() + ": field \"mode\" must be fan_in, fan_out or fan_avg, got \"" + mode + "\"");
        };
    }

    private static VarianceScaling.Distribution distribution(JsonObject config) {
        String distribution = config.string("distribution", "truncated_normal");
        return switch (distribution) {
            // Keras 2.0-2.2 wrote "normal" for the truncated normal
            case "truncated_normal", "normal" -> VarianceScaling.Distribution.TRUNCATED_NORMAL;
            case "untruncated_normal" -> VarianceScaling.Distribution.UNTRUNCATED_NORMAL;
            case "uniform" -> VarianceScaling.Distribution.UNIFORM;
            default -> throw new JsonException(config.where() + ": field \"distribution\" must be truncated_normal,"
                    + " untruncated_normal or uniform, got \"" + distribution + "\"");
        };
    }
}
