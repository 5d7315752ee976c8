package dev.tensorlane.samples;

import dev.tensorlane.models.Sequential;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed tutorial's {@code model.summary()} output, kept as a golden file, against ours. */
class SeedSummaryTest {

    @Test
    void batchNormModelPrintsTheSeedsTableByteForByte() throws IOException {
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/seed-bn-summary.txt")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Sequential model = BatchNormMlp.build()) {
            // The golden file was copied from the tutorial with trailing spaces trimmed; Keras pads rows to 65.
            assertEquals(golden, model.summaryString().replaceAll(" +\n", "\n"));
            assertTrue(model.summaryString().contains("\nflatten (Flatten)            (None, 784)               0         \n"));
        }
    }

    @Test
    void preActivationVariantHasTheSameParameterCounts() {
        try (Sequential model = BatchNormMlp.buildPreActivation()) {
            String summary = model.summaryString();
            assertTrue(summary.contains("\nactivation_19 (Activation)   (None, 100)               0         \n"), summary);
            assertTrue(summary.endsWith("Total params: 279,410\nTrainable params: 275,410\nNon-trainable params: 4,000\n"), summary);
        }
    }

    @Test
    void seluModelsCount271410Parameters() {
        for (Sequential model : new Sequential[]{SeluMlp.build(), SeluAlphaDropoutMlp.build()}) {
            try (model) {
                assertTrue(model.summaryString().contains("Total params: 271,410\nTrainable params: 271,410\n"));
            }
        }
    }
}
