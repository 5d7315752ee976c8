package dev.tensorlane.samples;

import dev.tensorlane.layers.AlphaDropout;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.models.Sequential;

/**
 * The tutorial's section 2: a self-normalizing 20-layer SELU network with AlphaDropout before
 * the classifier.
 *
 * <pre>
 * model = keras.models.Sequential()
 * model.add(keras.layers.Flatten(input_shape=[28, 28]))
 * for _i in range(20):
 *     model.add(keras.layers.Dense(100, activation='selu'))
 * model.add(keras.layers.AlphaDropout(rate=0.5))
 * model.add(keras.layers.Dense(10, activation='softmax'))
 * </pre>
 */
public final class SeluAlphaDropoutMlp {

    private SeluAlphaDropoutMlp() {
    }

    public static Sequential build() {
        var model = new Sequential();
        model.add(new Flatten(28, 28));
        for (int i = 0; i < 20; i++) {
            model.add(new Dense(100, "selu"));
        }
        model.add(new AlphaDropout(0.5));
        model.add(new Dense(10, "softmax"));
        return model;
    }

    /** Trains it on Fashion-MNIST: {@code SeluAlphaDropoutMlp [--epochs N] [--data DIR] ...}. */
    public static void main(String[] args) {
        Cli.exit(Cli.run(Cli.prepend(args, "train", "--model", "selu-alphadropout")));
    }
}
