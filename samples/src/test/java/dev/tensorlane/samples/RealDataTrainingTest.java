package dev.tensorlane.samples;

import dev.tensorlane.data.FashionMnist;
import dev.tensorlane.data.StandardScaler;
import dev.tensorlane.models.FitOptions;
import dev.tensorlane.models.History;
import dev.tensorlane.models.Sequential;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** With the real Fashion-MNIST installed (CI installs it): one epoch of the seed's model learns. */
class RealDataTrainingTest {

    @Test
    void oneEpochOfTheBatchNormModelReaches70PercentValidationAccuracy() throws IOException {
        assumeTrue(Files.isDirectory(Cli.DEFAULT_DATA), "Fashion-MNIST is not installed in " + Cli.DEFAULT_DATA);
        try (FashionMnist data = FashionMnist.load(Cli.DEFAULT_DATA); Sequential model = BatchNormMlp.build()) {
            StandardScaler scaler = new StandardScaler().fit(data.xTrain());
            scaler.transformInPlace(data.xTrain());
            scaler.transformInPlace(data.xValid());
            model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
            History history = model.fit(data.xTrain(), data.yTrain(),
                    FitOptions.epochs(1).verbose(0).validation(data.xValid(), data.yValid()));
            double accuracy = history.last("val_accuracy");
            System.out.printf("one epoch of bn: val_accuracy %.4f at %.0f samples/s%n", accuracy, history.samplesPerSecond().get(0));
            assertTrue(accuracy >= 0.70, "validation accuracy after one epoch: " + accuracy);
        }
    }
}
