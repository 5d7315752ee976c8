package dev.tensorlane.losses;

import java.util.Locale;

/** Looks losses up by their Keras names. */
public final class Losses {

    private Losses() {
    }

    /** @throws IllegalArgumentException naming the unknown loss and the known ones */
    public static Loss get(String name) {
        String wanted = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (wanted.equals("sparse_categorical_crossentropy")) {
            return new SparseCategoricalCrossentropy();
        }
        throw new IllegalArgumentException("unknown loss '" + name + "'; known: sparse_categorical_crossentropy");
    }
}
