package dev.tensorlane.samples;

import dev.tensorlane.models.FitOptions;
import dev.tensorlane.models.History;
import dev.tensorlane.models.Sequential;
import dev.tensorlane.samples.plot.Chart;
import dev.tensorlane.samples.plot.LineChart;
import dev.tensorlane.samples.plot.Marker;
import dev.tensorlane.samples.plot.Palette;
import dev.tensorlane.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The tutorial's activation tour as an experiment: its deep network (20 × Dense(100)) trained
 * once per activation, with the same seed and data, recording validation accuracy per epoch.
 */
final class ActivationComparison {

    /** One configuration: a label and a fresh model. */
    record Candidate(String label, Supplier<Sequential> model) {
    }

    /** What one configuration reached: validation accuracy after each epoch, and its training speed. */
    record Result(String label, List<Double> validationAccuracy, double samplesPerSecond) {
        double last() {
            return validationAccuracy.getLast();
        }

        double best() {
            return validationAccuracy.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    /** relu, relu + BatchNormalization, leaky_relu, prelu, rrelu, elu, selu, selu + AlphaDropout. */
    static List<Candidate> candidates() {
        return List.of(
                new Candidate("relu", () -> DeepMlp.build("relu")),
                new Candidate("relu + BatchNormalization", () -> DeepMlp.build("relu", true, false)),
                new Candidate("leaky_relu (LeakyReLU 0.3)", () -> DeepMlp.build("leaky_relu")),
                new Candidate("prelu", () -> DeepMlp.build("prelu")),
                new Candidate("rrelu", () -> DeepMlp.build("rrelu")),
                new Candidate("elu", () -> DeepMlp.build("elu")),
                new Candidate("selu", () -> DeepMlp.build("selu")),
                new Candidate("selu + AlphaDropout(0.5)", () -> DeepMlp.build("selu", false, true)));
    }

    private ActivationComparison() {
    }

    /** Trains every candidate for {@code epochs} with Adam and the same seed; logs one line per model. */
    static List<Result> run(List<Candidate> candidates, Tensor x, int[] y, Tensor xValid, int[] yValid,
                            int epochs, int batchSize, long seed, PrintStream log) {
        List<Result> results = new ArrayList<>();
        for (Candidate candidate : candidates) {
            log.printf(Locale.ROOT, "training %s for %d epoch%s ...%n", candidate.label(), epochs, epochs == 1 ? "" : "s");
            try (Sequential model = candidate.model().get()) {
                model.seed(seed);
                model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
                History history = model.fit(x, y,
                        FitOptions.epochs(epochs).batchSize(batchSize).verbose(0).validation(xValid, yValid));
                double speed = history.samplesPerSecond().stream().mapToDouble(Double::doubleValue).average().orElse(0);
                Result result = new Result(candidate.label(), List.copyOf(history.get("val_accuracy")), speed);
                log.printf(Locale.ROOT, "  val_accuracy per epoch: %s (%.0f samples/s)%n",
                        format(result.validationAccuracy()), speed);
                results.add(result);
            }
        }
        return results;
    }

    private static String format(List<Double> values) {
        return String.join(" ", values.stream().map(v -> String.format(Locale.ROOT, "%.4f", v)).toList());
    }

    /** The results as a fixed-width table, best final accuracy first. */
    static String table(List<Result> results) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-28s %14s %14s %12s%n",
                "activation", "final val_acc", "best val_acc", "samples/s"));
        results.stream().sorted((a, b) -> Double.compare(b.last(), a.last())).forEach(r -> table.append(
                String.format(Locale.ROOT, "%-28s %14.4f %14.4f %12.0f%n", r.label(), r.last(), r.best(), r.samplesPerSecond())));
        return table.toString();
    }

    /** Validation accuracy per epoch, one line per activation, as a 1200×600 PNG. */
    static void writeChart(List<Result> results, Path file) throws IOException {
        int epochs = results.getFirst().validationAccuracy().size();
        double low = results.stream().flatMap(r -> r.validationAccuracy().stream()).mapToDouble(Double::doubleValue).min().orElse(0);
        double high = results.stream().flatMap(r -> r.validationAccuracy().stream()).mapToDouble(Double::doubleValue).max().orElse(1);
        double spread = Math.max(high - low, 0.01);
        double xPad = epochs == 1 ? 0.5 : 0.04 * (epochs - 1); // whole markers at the first and last epoch
        LineChart chart = new LineChart(1200, 600)
                .title("Validation accuracy per epoch: 20 × Dense(100) on Fashion-MNIST")
                .xLabel("epoch")
                .yLabel("validation accuracy")
                .xRange(1 - xPad, epochs + xPad)
                .integerXTicks()
                // the lower 45% of the plot stays free for the legend
                .yRange(low - spread * 0.85, high + spread * 0.08)
                .legend(Chart.LegendPosition.LOWER_RIGHT);
        double[] xs = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            xs[e] = e + 1;
        }
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            double[] ys = r.validationAccuracy().stream().mapToDouble(Double::doubleValue).toArray();
            chart.line(r.label(), xs, ys, Palette.deep(i), Marker.CIRCLE);
        }
        chart.writePng(file);
    }
}
