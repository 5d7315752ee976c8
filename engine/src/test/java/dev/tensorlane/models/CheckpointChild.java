package dev.tensorlane.models;

import dev.tensorlane.layers.BatchNormalization;
import dev.tensorlane.layers.Dense;
import dev.tensorlane.layers.Flatten;
import dev.tensorlane.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The child JVM of {@link CheckpointKillTest}: resumes from the checkpoint directory {@code args[0]}
 * when one is there (else starts a new model), then trains forever on seeded data, saving the
 * whole model every three steps and printing {@code saved STEP} after each completed save.
 */
public final class CheckpointChild {

    private CheckpointChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Sequential model;
        if (Files.exists(dir.resolve(ModelFiles.MODEL_JSON))) {
            model = Sequential.load(dir);
        } else {
            model = new Sequential().seed(5);
            model.add(new Flatten(4, 4));
            model.add(new Dense(32, "relu"));
            model.add(new BatchNormalization());
            model.add(new Dense(3, "softmax"));
            model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
        }
        SplittableRandom random = new SplittableRandom(model.optimizer().iterations());
        float[] values = new float[16 * 16];
        int[] labels = new int[16];
        try (Tensor x = Tensor.zeros(16, 4, 4)) {
            for (long step = 1; ; step++) {
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = random.nextInt(3);
                }
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextGaussian() + labels[i / 16];
                }
                x.copyFrom(values);
                model.trainOnBatch(x, labels);
                if (step % 3 == 0) {
                    model.save(dir);
                    System.out.println("saved " + model.optimizer().iterations());
                    System.out.flush();
                }
            }
        }
    }
}
