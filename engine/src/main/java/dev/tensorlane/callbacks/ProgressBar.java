package dev.tensorlane.callbacks;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's progress bar ({@code verbose=1}): {@code Epoch 1/10}, then
 * {@code 1719/1719 [==============================] - 2s 1ms/step - loss: 0.5573 - accuracy: 0.8019 - val_loss: ...}.
 * On a terminal the line is redrawn in place during the epoch (at most every 50 ms); elsewhere
 * (a file, a pipe, CI) only the finished line of each epoch is printed. Tensorlane adds the
 * epoch's training throughput in samples per second at the end of the line.
 */
public final class ProgressBar implements Callback {

    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_INTERVAL_NANOS = 50_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final StringBuilder line = new StringBuilder(256);

    private int epochs;
    private int steps;
    private long epochStart;
    private long lastRedraw;
    private int previousWidth;

    /** A bar on standard output, redrawn in place when standard output is a terminal. */
    public ProgressBar() {
        this(System.out, System.console() != null && System.console().isTerminal());
    }

    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public void onTrainBegin(int epochs, int stepsPerEpoch, int samples) {
        this.epochs = epochs;
        this.steps = stepsPerEpoch;
    }

    @Override
    public void onEpochBegin(int epoch) {
        out.println("Epoch " + (epoch + 1) + "/" + epochs);
        epochStart = System.nanoTime();
        lastRedraw = 0;
        previousWidth = 0;
    }

    /** Reads only the logs passed in. */
    @Override
    public boolean readsModelAfterBatch() {
        return false;
    }

    @Override
    public void onBatchEnd(int step, double meanLoss, double meanAccuracy) {
        if (!interactive) {
            return;
        }
        long now = System.nanoTime();
        int done = step + 1;
        if (done < steps && now - lastRedraw < REDRAW_INTERVAL_NANOS) {
            return;
        }
        lastRedraw = now;
        if (done == steps) {
            return; // the finished line, with validation values, comes from onEpochEnd
        }
        line.setLength(0);
        appendBar(done);
        double elapsed = (now - epochStart) / 1e9;
        line.append(" - ETA: ").append(formatEta(elapsed / done * (steps - done)));
        appendMetric("loss", meanLoss);
        appendMetric("accuracy", meanAccuracy);
        redraw();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, double samplesPerSecond) {
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        line.setLength(0);
        appendBar(steps);
        line.append(String.format(Locale.ROOT, " - %.0fs %s", elapsed, formatPerStep(elapsed / Math.max(steps, 1))));
        logs.forEach(this::appendMetric);
        line.append(String.format(Locale.ROOT, " - %.0f samples/s", samplesPerSecond));
        if (interactive) {
            redraw();
            out.print('\n');
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void redraw() {
        int width = line.length();
        for (int i = width; i < previousWidth; i++) {
            line.append(' ');
        }
        previousWidth = width;
        out.print('\r');
        out.print(line);
        out.flush();
    }

    /** {@code " 32/1719 [>.............................]"} as Keras draws it. */
    private void appendBar(int done) {
        String total = Integer.toString(steps);
        String current = Integer.toString(done);
        for (int i = current.length(); i < total.length(); i++) {
            line.append(' ');
        }
        line.append(current).append('/').append(total).append(" [");
        int filled = (int) (BAR_WIDTH * (double) done / Math.max(steps, 1));
        for (int i = 0; i < filled - 1; i++) {
            line.append('=');
        }
        if (filled > 0) {
            line.append(done < steps ? '>' : '=');
        }
        for (int i = filled; i < BAR_WIDTH; i++) {
            line.append('.');
        }
        line.append(']');
    }

    private void appendMetric(String key, double value) {
        line.append(" - ").append(key).append(": ").append(String.format(Locale.ROOT, "%.4f", value));
    }

    /** Keras: {@code 1:02:03} above an hour, {@code 2:03} above a minute, else {@code 3s}. */
    static String formatEta(double seconds) {
        long s = Math.round(seconds);
        if (s > 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
        }
        if (s > 60) {
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
        return s + "s";
    }

    /** Keras: {@code 2s/step}, {@code 1ms/step} or {@code 850us/step}. */
    static String formatPerStep(double seconds) {
        if (seconds >= 1) {
            return String.format(Locale.ROOT, "%.0fs/step", seconds);
        }
        if (seconds >= 1e-3) {
            return String.format(Locale.ROOT, "%.0fms/step", seconds * 1e3);
        }
        return String.format(Locale.ROOT, "%.0fus/step", seconds * 1e6);
    }
}
