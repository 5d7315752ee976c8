package dev.tensorlane.callbacks;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Double> logs() {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", 0.55734);
        logs.put("accuracy", 0.80191);
        logs.put("val_loss", 0.41526);
        logs.put("val_accuracy", 0.8534);
        return logs;
    }

    @Test
    void printsOneKerasLinePerEpochWhenNotATerminal() {
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        bar.onTrainBegin(10, 1719, 55000);
        bar.onEpochBegin(0);
        for (int step = 0; step < 1719; step++) {
            bar.onBatchEnd(step, 0.6, 0.8);
        }
        bar.onEpochEnd(0, logs(), 48211.4);
        String out = output();
        assertFalse(out.contains("\r"));
        assertTrue(out.matches("Epoch 1/10\n1719/1719 \\[={30}\\] - \\d+s \\d+(us|ms|s)/step - loss: 0\\.5573 - accuracy: 0\\.8019"
                + " - val_loss: 0\\.4153 - val_accuracy: 0\\.8534 - 48211 samples/s\n"), out);
    }

    @Test
    void redrawsInPlaceOnATerminal() {
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        bar.onTrainBegin(1, 10, 320);
        bar.onEpochBegin(0);
        bar.onBatchEnd(4, 0.7, 0.5);
        bar.onEpochEnd(0, logs(), 1000);
        String out = output();
        assertTrue(out.contains("\r 5/10 [==============>...............] - ETA: "), out);
        assertTrue(out.contains(" - loss: 0.7000 - accuracy: 0.5000"), out);
        assertTrue(out.contains("\r10/10 [==============================] - "), out);
        assertTrue(out.endsWith(" samples/s\n"), out);
    }

    @Test
    void formatsTimesLikeKeras() {
        assertEquals("3s", ProgressBar.formatEta(3.2));
        assertEquals("1:05", ProgressBar.formatEta(65));
        assertEquals("1:01:01", ProgressBar.formatEta(3661));
        assertEquals("1ms/step", ProgressBar.formatPerStep(0.0012));
        assertEquals("850us/step", ProgressBar.formatPerStep(0.00085));
        assertEquals("2s/step", ProgressBar.formatPerStep(2.1));
    }
}
