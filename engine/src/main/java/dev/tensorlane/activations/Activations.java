package dev.tensorlane.activations;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Looks activations up by their Keras names. */
public final class Activations {

    private Activations() {
    }

    /**
     * The activation called {@code name} ({@code "relu"}, {@code "selu"}, ...); null or empty
     * means {@code linear}, as in Keras.
     *
     * @throws IllegalArgumentException naming the unknown activation and the known ones
     */
    public static ActivationFunction get(String name) {
        if (name == null || name.isEmpty()) {
            return StandardActivation.LINEAR;
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        for (StandardActivation a : StandardActivation.values()) {
            if (a.kerasName().equals(wanted)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; known: " + knownNames());
    }

    /** Comma-separated names of every known activation. */
    public static String knownNames() {
        return Arrays.stream(StandardActivation.values()).map(StandardActivation::kerasName)
                .collect(Collectors.joining(", "));
    }
}
