package dev.tensorlane.optimizers;

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
}
