package dev.tensorlane.models;

import dev.tensorlane.layers.Layer;

import java.util.List;
import java.util.Locale;

/**
 * Keras 2's {@code model.summary()} table for a Sequential model: 65 characters wide, columns
 * ending at 29, 55 and 65. Each field is appended, then the line is cut at its column's end and
 * padded; the character before every field after the first is replaced by a space, which is why
 * long names show as {@code batch_normalization (BatchNo (None, 100)}.
 */
final class Summary {

    private static final int LINE_LENGTH = 65;
    private static final int[] COLUMN_ENDS = {29, 55, 65};

    private Summary() {
    }

    static String format(String modelName, List<Layer> layers) {
        StringBuilder out = new StringBuilder();
        out.append("Model: \"").append(modelName).append("\"\n");
        out.append("_".repeat(LINE_LENGTH)).append('\n');
        out.append(row("Layer (type)", "Output Shape", "Param #")).append('\n');
        out.append("=".repeat(LINE_LENGTH)).append('\n');
        long trainable = 0;
        long nonTrainable = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            long params = layer.trainableParamCount() + layer.nonTrainableParamCount();
            trainable += layer.trainableParamCount();
            nonTrainable += layer.nonTrainableParamCount();
            out.append(row(layer.name() + " (" + layer.className() + ")", Layer.formatShape(layer.outputShape()),
                    Long.toString(params))).append('\n');
            out.append((i == layers.size() - 1 ? "=" : "_").repeat(LINE_LENGTH)).append('\n');
        }
        if (layers.isEmpty()) {
            out.append("=".repeat(LINE_LENGTH)).append('\n');
        }
        out.append(String.format(Locale.ROOT, "Total params: %,d\n", trainable + nonTrainable));
        out.append(String.format(Locale.ROOT, "Trainable params: %,d\n", trainable));
        out.append(String.format(Locale.ROOT, "Non-trainable params: %,d\n", nonTrainable));
        return out.toString();
    }

    /** Keras's {@code print_row}. */
    private static String row(String... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.setCharAt(line.length() - 1, ' ');
            }
            line.append(fields[i]);
            line.setLength(Math.min(line.length(), COLUMN_ENDS[i]));
            while (line.length() < COLUMN_ENDS[i]) {
                line.append(' ');
            }
        }
        return line.toString();
    }
}
