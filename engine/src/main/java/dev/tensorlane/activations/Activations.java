package dev.tensorlane.activations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
        if (wanted.equals(SILU)) {
            return StandardActivation.SWISH;
        }
        for (StandardActivation a : StandardActivation.values()) {
            if (a.kerasName().equals(wanted)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; known: " + knownNames());
    }

    /** Keras's second name for swish. */
    private static final String SILU = "silu";

    /** Comma-separated names of every known activation (aliases included). */
    public static String knownNames() {
        return String.join(", ", names());
    }

    /** Every name {@link #get} accepts, in declaration order, aliases last. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(Arrays.stream(StandardActivation.values())
                .map(StandardActivation::kerasName).toList());
        names.add(SILU);
        return List.copyOf(names);
    }
}
