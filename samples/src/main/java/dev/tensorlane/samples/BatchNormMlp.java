package dev.tensorlane.samples;

import dev.tensorlane.layers.Activation;
import dev.tensorlane.layers.BatchNormalization;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.models.Sequential;

/**
 * The tutorial's section 1: a 20-layer MLP with batch normalization after every hidden layer.
 *
 * <pre>
 * model = keras.models.Sequential()
 * model.add(keras.layers.Flatten(input_shape=[28, 28]))
 * for _i in range(20):
 *     model.add(keras.layers.Dense(100, activation='relu'))
 *     model.add(keras.layers.BatchNormalization())
 * model.add(keras.layers.Dense(10, activation='softmax'))
 * </pre>
 */
public final class BatchNormMlp {

    private BatchNormMlp() {
    }

    /** The seed's model: Dense(100, relu) → BatchNormalization, twenty times. */
    public static Sequential build() {
        var model = new Sequential();
        model.add(new Flatten(28, 28));
        for (int i = 0; i < 20; i++) {
            model.add(new Dense(100, "relu"));
            model.add(new BatchNormalization());
        }
        model.add(new Dense(10, "softmax"));
        return model;
    }

    /**
     * The variant the tutorial leaves in a comment: normalize before the activation,
     * Dense(100) → BatchNormalization → Activation('relu').
     */
    public static Sequential buildPreActivation() {
        var model = new Sequential();
        model.add(new Flatten(28, 28));
        for (int i = 0; i < 20; i++) {
            model.add(new Dense(100));
            model.add(new BatchNormalization());
            model.add(new Activation("relu"));
        }
        model.add(new Dense(10, "softmax"));
        return model;
    }

    /** Trains the seed's model on Fashion-MNIST: {@code BatchNormMlp [--epochs N] [--data DIR] ...}. */
    public static void main(String[] args) {
        Cli.exit(Cli.run(Cli.prepend(args, "train", "--model", "bn")));
    }
}
