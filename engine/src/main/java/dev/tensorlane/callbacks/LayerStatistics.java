package dev.tensorlane.callbacks;

import dev.tensorlane.io.AtomicFiles;
import dev.tensorlane.layers.Layer;
import dev.tensorlane.layers.Parameter;
import dev.tensorlane.models.Sequential;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per epoch and per layer: the mean and standard deviation of the layer's activations (its
 * outputs over every element of every training batch of the epoch) and the L2 norm of its weight
 * gradients (all its trainable weights together, averaged over the epoch's steps). It shows
 * whether a deep network keeps its activations normalised: relu outputs drift, BatchNormalization
 * and SELU hold near mean 0, std 1. It reads the workspaces the step already wrote, so it changes
 * nothing in training; per step it costs one pass over the activations and gradients and
 * allocates nothing.
 */
public final class LayerStatistics implements Callback {

    /** One layer in one epoch. {@code gradientNorm} is NaN for a layer without trainable weights. */
    public record Row(int epoch, int depth, String layer, String className, double activationMean,
                      double activationStd, double gradientNorm) {
    }

    private Sequential model;
    private List<Layer> layers;
    private MemorySegment[][] gradients;
    private long[] gradientSizes;
    private double[] sum;
    private double[] sumOfSquares;
    private long[] count;
    private double[] gradientNormSum;
    private int steps;
    private final List<Row> rows = new ArrayList<>();

    @Override
    public void setModel(Sequential model) {
        this.model = model;
    }

    @Override
    public void onTrainBegin(int epochs, int stepsPerEpoch, int samples) {
        layers = model.layers();
        int n = layers.size();
        gradients = new MemorySegment[n][];
        gradientSizes = new long[n];
        for (int i = 0; i < n; i++) {
            List<Parameter> trainable = layers.get(i).weights().stream().filter(Parameter::trainable).toList();
            gradients[i] = trainable.stream().map(Parameter::gradient).toArray(MemorySegment[]::new);
        }
        sum = new double[n];
        sumOfSquares = new double[n];
        count = new long[n];
        gradientNormSum = new double[n];
    }

    @Override
    public void onEpochBegin(int epoch) {
        java.util.Arrays.fill(sum, 0);
        java.util.Arrays.fill(sumOfSquares, 0);
        java.util.Arrays.fill(count, 0);
        java.util.Arrays.fill(gradientNormSum, 0);
        steps = 0;
    }

    @Override
    public void onBatchEnd(int step, double meanLoss, double meanAccuracy) {
        int batchRows = model.lastBatchRows();
        for (int i = 0; i < layers.size(); i++) {
            MemorySegment out = model.lastOutput(i);
            long n = (long) batchRows * layers.get(i).outputSize();
            double s = 0;
            double s2 = 0;
            for (long k = 0; k < n; k++) {
                double v = out.getAtIndex(ValueLayout.JAVA_FLOAT, k);
                s += v;
                s2 += v * v;
            }
            sum[i] += s;
            sumOfSquares[i] += s2;
            count[i] += n;
            double g2 = 0;
            for (MemorySegment g : gradients[i]) {
                long size = g.byteSize() / Float.BYTES;
                for (long k = 0; k < size; k++) {
                    double v = g.getAtIndex(ValueLayout.JAVA_FLOAT, k);
                    g2 += v * v;
                }
            }
            gradientNormSum[i] += Math.sqrt(g2);
        }
        steps++;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, double samplesPerSecond) {
        for (int i = 0; i < layers.size(); i++) {
            double mean = count[i] == 0 ? Double.NaN : sum[i] / count[i];
            double variance = count[i] == 0 ? Double.NaN : Math.max(0, sumOfSquares[i] / count[i] - mean * mean);
            double gradientNorm = gradients[i].length == 0 || steps == 0 ? Double.NaN : gradientNormSum[i] / steps;
            Layer layer = layers.get(i);
            rows.add(new Row(epoch, i, layer.name(), layer.className(), mean, Math.sqrt(variance), gradientNorm));
        }
    }

    /** Every recorded row, epoch by epoch, layer by layer. */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The rows as CSV: {@code epoch,depth,layer,class_name,activation_mean,activation_std,gradient_norm}. */
    public String toCsv() {
        return toCsv(rows);
    }

    /** {@code rows} as CSV (an empty gradient_norm for layers without trainable weights). */
    public static String toCsv(List<Row> rows) {
        StringBuilder csv = new StringBuilder("epoch,depth,layer,class_name,activation_mean,activation_std,gradient_norm\n");
        for (Row r : rows) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%.6g,%.6g,%s\n", r.epoch(), r.depth(), r.layer(), r.className(),
                    r.activationMean(), r.activationStd(),
                    Double.isNaN(r.gradientNorm()) ? "" : String.format(Locale.ROOT, "%.6g", r.gradientNorm())));
        }
        return csv.toString();
    }

    /** Writes {@link #toCsv()} atomically. */
    public void writeCsv(Path file) throws IOException {
        writeCsv(rows, file);
    }

    /** Writes {@code rows} as CSV atomically. */
    public static void writeCsv(List<Row> rows, Path file) throws IOException {
        AtomicFiles.writeString(file, toCsv(rows));
    }
}
