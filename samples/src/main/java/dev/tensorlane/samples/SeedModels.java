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

    /** Every model name. */
    public static Iterable<String> names() {
        return MODELS.keySet();
    }
}
