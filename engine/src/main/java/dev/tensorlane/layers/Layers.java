package dev.tensorlane.layers;

import dev.tensorlane.initializers.Initializer;
import dev.tensorlane.initializers.Initializers;
import dev.tensorlane.io.JsonException;
import dev.tensorlane.io.JsonObject;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds layers from their Keras {@code class_name} and {@code config} (what
 * {@link Layer#getConfig()} writes), as Keras's deserialisation does. A factory reads only its
 * class's own fields ({@code units}, {@code rate}, ...); this class applies the common ones,
 * {@code name} and {@code batch_input_shape}. A new layer class plugs in with one
 * {@link #register} call, e.g. {@code register("ReLU", config -> new ReLU())}.
 */
public final class Layers {

    /** Makes a layer from its config; errors should name the field (JsonObject's getters do). */
    @FunctionalInterface
    public interface Factory {
        Layer fromConfig(JsonObject config);
    }

    private static final Map<String, Factory> FACTORIES = new ConcurrentHashMap<>();

    static {
        register("Flatten", config -> new Flatten());
        register("Dense", config -> {
            refuseRegularizersAndConstraints(config, "kernel_regularizer", "bias_regularizer", "activity_regularizer",
                    "kernel_constraint", "bias_constraint", "lora_rank");
            return new Dense(config.intValue("units"), config.string("activation", "linear"),
                    initializer(config, "kernel_initializer", Initializer.glorotUniform()),
                    initializer(config, "bias_initializer", Initializer.zeros()),
                    config.bool("use_bias", true));
        });
        register("BatchNormalization", config -> {
            if (config.has("axis") && !isLastAxis(config.raw("axis"))) {
                throw new JsonException(config.where() + ": field \"axis\" must be -1 (the feature axis), got " + config.raw("axis"));
            }
            refuseRegularizersAndConstraints(config, "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint");
            for (String unsupported : new String[]{"renorm", "synchronized"}) {
                if (config.bool(unsupported, false)) {
                    throw new JsonException(config.where() + ": BatchNormalization option \"" + unsupported + "\" is not supported");
                }
            }
            if (config.has("virtual_batch_size") || config.has("adjustment")) {
                throw new JsonException(config.where() + ": BatchNormalization options \"virtual_batch_size\" and \"adjustment\" are not supported");
            }
            return new BatchNormalization((float) config.number("momentum", 0.99), (float) config.number("epsilon", 1e-3),
                    config.bool("center", true), config.bool("scale", true),
                    initializer(config, "beta_initializer", Initializer.zeros()),
                    initializer(config, "gamma_initializer", Initializer.ones()),
                    initializer(config, "moving_mean_initializer", Initializer.zeros()),
                    initializer(config, "moving_variance_initializer", Initializer.ones()), null);
        });
        register("Activation", config -> new Activation(config.string("activation")));
        register("Dropout", config -> new Dropout(noiseShapeRefused(config).number("rate")));
        register("AlphaDropout", config -> new AlphaDropout(noiseShapeRefused(config).number("rate")));
        register("ReLU", config -> new ReLU(
                config.has("max_value") && config.raw("max_value") != null ? config.number("max_value") : Double.POSITIVE_INFINITY,
                config.number("negative_slope", 0), config.number("threshold", 0)));
        register("LeakyReLU", config -> new LeakyReLU(config.number("alpha", 0.3)));
        register("ELU", config -> new ELU(config.number("alpha", 1.0)));
        register("PReLU", config -> new PReLU());
        register("RReLU", config -> new RReLU(config.number("lower", 1.0 / 8), config.number("upper", 1.0 / 3)));
        register("Softmax", config -> {
            if (config.has("axis") && config.number("axis") != -1) {
                throw new JsonException(config.where() + ": field \"axis\" must be -1 (the feature axis), got " + config.raw("axis"));
            }
            return new Softmax();
        });
    }

    private Layers() {
    }

    /** The initializer at {@code field} (a name or a {@code {"class_name", "config"}} object), or {@code fallback}. */
    private static Initializer initializer(JsonObject config, String field, Initializer fallback) {
        return config.has(field) ? Initializers.fromConfig(config.raw(field), config.where() + ".\"" + field + "\"") : fallback;
    }

    /**
     * Accepts a layer's {@code dtype} when it is float32: absent, {@code "float32"}, or a Keras 3
     * {@code {"class_name": "DTypePolicy", "config": {"name": "float32"}}} object (Keras 2's
     * {@code Policy} too); refuses any other (mixed_float16, float64, ...) naming it.
     */
    public static void checkDtype(JsonObject config) {
        if (!config.has("dtype")) {
            return;
        }
        Object dtype = config.raw("dtype");
        String name;
        if (dtype instanceof String s) {
            name = s;
        } else {
            JsonObject policy = JsonObject.of(dtype, config.where() + ".dtype");
            name = policy.has("config") ? policy.object("config").string("name", "float32") : policy.string("name", "float32");
        }
        if (!name.equals("float32")) {
            throw new JsonException(config.where() + ": dtype \"" + name + "\" is not supported; this engine computes in float32 only");
        }
    }

    /** A dropout's noise_shape (masks shared across axes) is not supported; its seed is ignored (the model's generator draws). */
    private static JsonObject noiseShapeRefused(JsonObject config) {
        if (config.has("noise_shape")) {
            throw new JsonException(config.where() + ": field \"noise_shape\" is not supported (got " + config.raw("noise_shape") + ")");
        }
        return config;
    }

    /** Regularizers and constraints change training; this engine has none, so a non-null one is refused. */
    private static void refuseRegularizersAndConstraints(JsonObject config, String... fields) {
        for (String field : fields) {
            if (config.has(field)) {
                throw new JsonException(config.where() + ": field \"" + field + "\" is not supported (got " + config.raw(field)
                        + "); only null is accepted");
            }
        }
    }

    /** -1, or a one-element list [-1] / [1] as Keras 2 writes BatchNormalization's axis for a flat input. */
    private static boolean isLastAxis(Object axis) {
        if (axis instanceof Number n) {
            return n.doubleValue() == -1 || n.doubleValue() == 1;
        }
        if (axis instanceof java.util.List<?> list && list.size() == 1 && list.getFirst() instanceof Number n) {
            return n.doubleValue() == -1 || n.doubleValue() == 1;
        }
        return false;
    }

    /** Registers (or replaces) the factory for {@code className}, Keras's class name of the layer. */
    public static void register(String className, Factory factory) {
        FACTORIES.put(className, factory);
    }

    /** Every registered class name, sorted. */
    public static Set<String> knownClassNames() {
        return new TreeSet<>(FACTORIES.keySet());
    }

    /**
     * A new layer of class {@code className} from {@code config}, named by its {@code name} field
     * and declaring the per-sample part of {@code batch_input_shape} when present.
     *
     * @throws JsonException naming the place in the file, the layer and the field
     */
    public static Layer fromConfig(String className, JsonObject config) {
        Factory factory = FACTORIES.get(className);
        if (factory == null) {
            throw new JsonException(config.where() + ": unknown layer class_name \"" + className + "\"; known: "
                    + String.join(", ", knownClassNames()));
        }
        checkDtype(config);
        if (config.has("trainable") && !config.bool("trainable", true)) {
            throw new JsonException(config.where() + ": \"trainable\": false (a frozen layer) is not supported");
        }
        Layer layer;
        try {
            layer = factory.fromConfig(config);
        } catch (JsonException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new JsonException(config.where() + ": " + e.getMessage());
        }
        if (config.has("name")) {
            layer.setName(config.string("name"));
        }
        if (config.has("batch_input_shape")) {
            int[] batchShape = config.intArray("batch_input_shape");
            if (batchShape.length < 2 || batchShape[0] != -1) {
                throw new JsonException(config.where() + ": field \"batch_input_shape\" must be [null, d1, ...], got "
                        + config.raw("batch_input_shape"));
            }
            try {
                layer.declareInputShape(Arrays.copyOfRange(batchShape, 1, batchShape.length));
            } catch (IllegalArgumentException e) {
                throw new JsonException(config.where() + ": field \"batch_input_shape\": " + e.getMessage());
            }
        }
        return layer;
    }
}
