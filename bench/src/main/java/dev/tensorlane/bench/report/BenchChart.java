package dev.tensorlane.bench.report;

import dev.tensorlane.samples.plot.BarChart;
import dev.tensorlane.samples.plot.Palette;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The report's bar chart: forward + backward M elements/s per layer and shape, vector against
 * scalar, with the PyTorch 1.13 figure as a third bar.
 */
public final class BenchChart {

    private BenchChart() {
    }

    /** Writes the chart to {@code file} (atomically); does nothing and returns false without data. */
    public static boolean write(List<ForwardBackward> rows, String subtitle, Path file) throws IOException {
        if (rows.isEmpty()) {
            return false;
        }
        List<String> categories = rows.stream()
                .map(r -> (r.layer().equals("BatchNormalization") ? "BN " : "SELU ") + r.shape()).toList();
        double[] vector = rows.stream().mapToDouble(r -> r.vector() / 1e6).toArray();
        double[] scalar = rows.stream().mapToDouble(r -> r.scalar() / 1e6).toArray();
        double[] pytorch = rows.stream().mapToDouble(r -> r.pytorch() / 1e6).toArray();
        new BarChart(1400, 700, categories)
                .title("Forward + backward throughput, one core (" + subtitle + ")")
                .yLabel("M elements/s")
                .series("Tensorlane vector", vector, Palette.deep(0))
                .series("Tensorlane scalar", scalar, Palette.deep(1))
                .series("PyTorch 1.13 (issue's figure)", pytorch, Palette.deep(2))
                .writePng(file);
        return true;
    }
}
