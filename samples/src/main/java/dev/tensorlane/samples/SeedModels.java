package dev.tensorlane.samples;

import dev.tensorlane.models.Sequential;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The tutorial's models by the names {@code ./tensorlane train --model NAME} takes. */
public final class SeedModels {

    private static final Map<String, Supplier<Sequential>> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("bn", BatchNormMlp::build);
        MODELS.put("bn-preact", BatchNormMlp::buildPreActivation);
        MODELS.put("selu", SeluMlp::build);
        MODELS.put("selu-alphadropout", SeluAlphaDropoutMlp::build);
        MODELS.put("selu-lecun", SeluLecunMlp::build);
        MODELS.put("deep", () -> DeepMlp.build(DeepMlp.DEFAULT_ACTIVATION));
    }

    private SeedModels() {
    }

    /** A new, unbuilt model called {@code name}. */
    public static Sequential create(String name) {
        Supplier<Sequential> factory = MODELS.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; choose one of: " + String.join(", ", MODELS.keySet()));
        }
        return factory.get();
    }

    /**
     * A new model called {@code name}; {@code activation} (null for the default) picks the hidden
     * activation of {@code deep}, the only model that takes one.
     */
    public static Sequential create(String name, String activation) {
        if (activation == null) {
            return create(name);
        }
        if (!name.equals("deep")) {
            throw new IllegalArgumentException("--activation applies to --model deep only, not to '" + name + "'");
        }
        return DeepMlp.build(activation);
    }

    /** Every model name. */
    public static Iterable<String> names() {
        return MODELS.keySet();
    }
}
