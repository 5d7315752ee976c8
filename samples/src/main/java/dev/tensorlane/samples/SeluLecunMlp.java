package dev.tensorlane.samples;

import dev.tensorlane.layers.AlphaDropout;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.models.Sequential;

/**
 * The SELU network set up the SELU paper's way (Klambauer et al. 2017), next to the tutorial's
 * {@code selu-alphadropout} (Glorot initialisation, AlphaDropout 0.5): {@code lecun_normal}
 * kernels, which self-normalisation needs, and a light AlphaDropout(0.05).
 *
 * <pre>
 * model = keras.models.Sequential()
 * model.add(keras.layers.Flatten(input_shape=[28, 28]))
 * for _i in range(20):
 *     model.add(keras.layers.Dense(100, activation='selu', kernel_initializer='lecun_normal'))
 * model.add(keras.layers.AlphaDropout(rate=0.05))
 * model.add(keras.layers.Dense(10, activation='softmax'))
 * </pre>
 */
public final class SeluLecunMlp {

    private SeluLecunMlp() {
    }

    public static Sequential build() {
        var model = new Sequential();
        model.add(new Flatten(28, 28));
        for (int i = 0; i < 20; i++) {
            model.add(new Dense(100, "selu", "lecun_normal", "zeros", true));
        }
        model.add(new AlphaDropout(0.05));
        model.add(new Dense(10, "softmax"));
        return model;
    }

    /** Trains it on Fashion-MNIST: {@code SeluLecunMlp [--epochs N] [--data DIR] ...}. */
    public static void main(String[] args) {
        Cli.exit(Cli.run(Cli.prepend(args, "train", "--model", "selu-lecun")));
    }
}
