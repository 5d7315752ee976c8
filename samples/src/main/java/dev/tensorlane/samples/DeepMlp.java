package dev.tensorlane.samples;

import dev.tensorlane.activations.Activations;
import dev.tensorlane.layers.AlphaDropout;
import dev.tensorlane.layers.BatchNormalization;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.layers.Layer;
import dev.tensorlane.layers.LeakyReLU;
import dev.tensorlane.layers.PReLU;
import dev.tensorlane.layers.RReLU;
import dev.tensorlane.models.Sequential;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The tutorial's section 3.3: its deep network with the activation changed "by editing one word".
 *
 * <pre>
 * model.add(keras.layers.Flatten(input_shape=[28, 28]))
 * for _i in range(20):
 *     model.add(keras.layers.Dense(100, activation='selu'))   # any activation name here
 * model.add(keras.layers.Dense(10, activation='softmax'))
 * </pre>
 *
 * Activations with parameters that Keras offers only as layers go in as {@code Dense(100)}
 * followed by the layer: {@code prelu} (PReLU), {@code rrelu} (RReLU) and {@code leaky_relu}
 * (the LeakyReLU layer, alpha 0.3).
 */
public final class DeepMlp {

    /** Section 3.3's activation. */
    public static final String DEFAULT_ACTIVATION = "selu";

    /** Names that build a layer after a linear Dense instead of a fused activation. */
    private static final Map<String, Supplier<Layer>> LAYER_ACTIVATIONS = Map.of(
            "prelu", PReLU::new,
            "rrelu", RReLU::new,
            "leaky_relu", LeakyReLU::new);

    private DeepMlp() {
    }

    /**
     * Flatten → 20 × Dense(100, activation) → Dense(10, softmax).
     *
     * @throws IllegalArgumentException for an unknown activation, listing the valid names
     */
    public static Sequential build(String activation) {
        return build(activation, false, false);
    }

    /**
     * The deep network, optionally with BatchNormalization after every hidden layer (the tutorial's
     * section 1) or AlphaDropout(0.5) before the classifier (section 2).
     */
    public static Sequential build(String activation, boolean batchNormalization, boolean alphaDropout) {
        Supplier<Layer> layer = LAYER_ACTIVATIONS.get(activation);
        if (layer == null) {
            checkName(activation);
        }
        var model = new Sequential();
        model.add(new Flatten(28, 28));
        for (int i = 0; i < 20; i++) {
            if (layer == null) {
                model.add(new Dense(100, activation));
            } else {
                model.add(new Dense(100));
                model.add(layer.get());
            }
            if (batchNormalization) {
                model.add(new BatchNormalization());
            }
        }
        if (alphaDropout) {
            model.add(new AlphaDropout(0.5));
        }
        model.add(new Dense(10, "softmax"));
        return model;
    }

    private static void checkName(String activation) {
        if (activation == null || !names().contains(activation)) {
            throw new IllegalArgumentException("unknown activation '" + activation + "' for the deep network; choose one of: "
                    + String.join(", ", names()));
        }
    }

    /** Every activation {@link #build} takes. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(Activations.names());
        names.add("prelu");
        names.add("rrelu");
        return List.copyOf(names);
    }

    /** Trains it on Fashion-MNIST: {@code DeepMlp [--activation NAME] [--epochs N] [--data DIR] ...}. */
    public static void main(String[] args) {
        Cli.exit(Cli.run(Cli.prepend(args, "train", "--model", "deep")));
    }
}
