package dev.tensorlane.losses;

import java.util.List;
import java.util.Locale;

/** Looks losses up by their Keras names (and Keras's aliases: {@code mse}, {@code mae}). */
public final class Losses {

    /** The names {@link #get} knows. */
    public static final List<String> NAMES = List.of("sparse_categorical_crossentropy", "categorical_crossentropy",
            "binary_crossentropy", "mean_squared_error", "mse", "mean_absolute_error", "mae");

    private Losses() {
    }

    /** @throws IllegalArgumentException naming the unknown loss and the known ones */
    public static Loss get(String name) {
        String wanted = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy();
            case "categorical_crossentropy" -> new CategoricalCrossentropy();
            case "binary_crossentropy" -> new BinaryCrossentropy();
            case "mean_squared_error", "mse" -> new MeanSquaredError();
            case "mean_absolute_error", "mae" -> new MeanAbsoluteError();
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }
}
