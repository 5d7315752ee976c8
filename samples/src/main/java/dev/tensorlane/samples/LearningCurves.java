package dev.tensorlane.samples;

import dev.tensorlane.samples.plot.Chart;
import dev.tensorlane.samples.plot.ChartStyle;
import dev.tensorlane.samples.plot.LineChart;
import dev.tensorlane.samples.plot.Marker;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tutorial's learning curves, {@code pd.DataFrame(history.history).plot(figsize=(8, 5));
 * plt.grid(True); plt.gca().set_ylim(0, 1)}: an 800×500 PNG, one line per key over the epochs,
 * matplotlib's first colours in Keras's key order, a legend.
 */
final class LearningCurves {

    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    /** matplotlib's default colour cycle (tab10), which pandas uses. */
    private static final Color[] TAB10 = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};
    private static final List<String> KERAS_ORDER = List.of("loss", "accuracy", "val_loss", "val_accuracy");

    private LearningCurves() {
    }

    /** Plots {@code history} (key → one value per epoch, epochs from 0) to {@code file}. */
    static void write(Map<String, List<Double>> history, Path file) throws IOException {
        int epochs = history.values().stream().mapToInt(List::size).max().orElse(0);
        if (epochs == 0) {
            throw new IllegalArgumentException("no epochs to plot in " + file);
        }
        LineChart chart = new LineChart(WIDTH, HEIGHT).style(ChartStyle.WHITEGRID).yRange(0, 1)
                .xRange(0, Math.max(1, epochs - 1)).xLabel("epoch").legend(Chart.LegendPosition.LOWER_LEFT);
        List<String> keys = new ArrayList<>(KERAS_ORDER.stream().filter(history::containsKey).toList());
        history.keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        for (int i = 0; i < keys.size(); i++) {
            List<Double> values = history.get(keys.get(i));
            double[] xs = new double[values.size()];
            double[] ys = new double[values.size()];
            for (int e = 0; e < xs.length; e++) {
                xs[e] = e;
                ys[e] = values.get(e);
            }
            chart.line(keys.get(i), xs, ys, TAB10[i % TAB10.length], epochs <= 20 ? Marker.CIRCLE : Marker.NONE);
        }
        chart.writePng(file);
    }
}
