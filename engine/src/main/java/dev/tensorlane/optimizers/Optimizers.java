package dev.tensorlane.optimizers;

import dev.tensorlane.io.JsonException;
import dev.tensorlane.io.JsonObject;

import java.util.Locale;

/** Looks optimizers up by their Keras names, with Keras's default settings. */
public final class Optimizers {

    private Optimizers() {
    }

    /** A new {@code adam} or {@code sgd} with default settings. */
    public static Optimizer get(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "adam" -> new Adam();
            case "sgd" -> new SGD();
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: adam, sgd");
        };
    }

    /** A new optimizer from Keras's {@code {"class_name": "Adam", "config": {...}}} (what {@code getConfig} writes). */
    public static Optimizer fromConfig(String className, JsonObject config) {
        try {
            return switch (className) {
                case "Adam" -> new Adam((float) config.number("learning_rate", 1e-3), (float) config.number("beta_1", 0.9),
                        (float) config.number("beta_2", 0.999), (float) config.number("epsilon", 1e-7));
                case "SGD" -> new SGD((float) config.number("learning_rate", 0.01), (float) config.number("momentum", 0),
                        config.bool("nesterov", false));
                default -> throw new JsonException(config.where() + ": unknown optimizer class_name \"" + className + "\"; known: Adam, SGD");
            };
        } catch (JsonException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new JsonException(config.where() + ": " + e.getMessage());
        }
    }
}
