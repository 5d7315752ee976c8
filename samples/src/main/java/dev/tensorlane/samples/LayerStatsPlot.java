package dev.tensorlane.samples;

import dev.tensorlane.callbacks.LayerStatistics;
import dev.tensorlane.samples.plot.Chart;
import dev.tensorlane.samples.plot.ChartStyle;
import dev.tensorlane.samples.plot.Figure;
import dev.tensorlane.samples.plot.LineChart;
import dev.tensorlane.samples.plot.Marker;
import dev.tensorlane.samples.plot.Palette;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * {@code layer_stats.png}: three panels over layer depth (x), one line per epoch: the mean and the
 * standard deviation of each layer's activations, and the norm of its weight gradients (layers
 * with weights only). 1000×1050 pixels.
 */
final class LayerStatsPlot {

    static final int WIDTH = 1000;
    static final int PANEL_HEIGHT = 350;

    private LayerStatsPlot() {
    }

    static void write(List<LayerStatistics.Row> rows, Path file) throws IOException {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no layer statistics to plot in " + file);
        }
        Map<Integer, List<LayerStatistics.Row>> byEpoch = rows.stream()
                .collect(Collectors.groupingBy(LayerStatistics.Row::epoch, TreeMap::new, Collectors.toList()));
        int depth = rows.stream().mapToInt(LayerStatistics.Row::depth).max().orElse(0);
        Figure.column(
                panel(byEpoch, depth, "activation mean per layer", LayerStatistics.Row::activationMean),
                panel(byEpoch, depth, "activation standard deviation per layer", LayerStatistics.Row::activationStd),
                panel(byEpoch, depth, "weight-gradient L2 norm per layer (mean over steps)", LayerStatistics.Row::gradientNorm)
        ).writePng(file);
    }

    private static LineChart panel(Map<Integer, List<LayerStatistics.Row>> byEpoch, int depth, String title,
                                   ToDoubleFunction<LayerStatistics.Row> value) {
        LineChart chart = new LineChart(WIDTH, PANEL_HEIGHT).style(ChartStyle.WHITEGRID).title(title)
                .xLabel("layer depth").xRange(0, Math.max(1, depth)).legend(Chart.LegendPosition.UPPER_RIGHT);
        for (Map.Entry<Integer, List<LayerStatistics.Row>> epoch : byEpoch.entrySet()) {
            List<LayerStatistics.Row> finite = epoch.getValue().stream().filter(r -> Double.isFinite(value.applyAsDouble(r))).toList();
            if (finite.isEmpty()) {
                continue;
            }
            double[] xs = finite.stream().mapToDouble(LayerStatistics.Row::depth).toArray();
            double[] ys = finite.stream().mapToDouble(value).toArray();
            chart.line("epoch " + (epoch.getKey() + 1), xs, ys, Palette.deep(epoch.getKey()), Marker.CIRCLE);
        }
        return chart;
    }
}
