package dev.tensorlane.samples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart over a numeric x axis, like matplotlib's {@code plt.plot}: lines with optional
 * markers, and filled bands between two curves.
 *
 * <pre>{@code
 * new LineChart(1200, 600).xRange(-10, 10).yRange(-1, 1.6)
 *     .line("ReLU", xs, relu, Color.RED, Marker.STAR)
 *     .writePng(Path.of("activations.png"));
 * }</pre>
 */
public final class LineChart extends Chart<LineChart> {

    private record Line(double[] xs, double[] ys, Color color, Marker marker, int markEvery, float width) {
    }

    private record Band(double[] xs, double[] low, double[] high, Color color) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private Double xMin;
    private Double xMax;

    public LineChart(int width, int height) {
        super(width, height);
    }

    /** Fixes the x axis (matplotlib's {@code xlim}); otherwise it spans the data. */
    public LineChart xRange(double min, double max) {
        requireRange("x", min, max);
        this.xMin = min;
        this.xMax = max;
        return this;
    }

    /** A line without markers. */
    public LineChart line(String label, double[] xs, double[] ys, Color color) {
        return line(label, xs, ys, color, Marker.NONE, 1);
    }

    /** A line with a marker on every point. */
    public LineChart line(String label, double[] xs, double[] ys, Color color, Marker marker) {
        return line(label, xs, ys, color, marker, 1);
    }

    /** A line with a marker on every {@code markEvery}-th point (matplotlib's {@code markevery}). */
    public LineChart line(String label, double[] xs, double[] ys, Color color, Marker marker, int markEvery) {
        requireSameLength(label, xs, ys);
        lines.add(new Line(xs.clone(), ys.clone(), color, marker, Math.max(1, markEvery), 2.5f));
        addLegend(label, color, Swatch.LINE, marker);
        return this;
    }

    /** A translucent band between {@code low} and {@code high} (matplotlib's {@code fill_between}). */
    public LineChart band(String label, double[] xs, double[] low, double[] high, Color color) {
        requireSameLength(label, xs, low);
        requireSameLength(label, xs, high);
        bands.add(new Band(xs.clone(), low.clone(), high.clone(), color));
        addLegend(label, color, Swatch.BAND, Marker.NONE);
        return this;
    }

    private static void requireSameLength(String label, double[] xs, double[] ys) {
        if (xs.length != ys.length || xs.length == 0) {
            throw new IllegalArgumentException("series '" + label + "': " + xs.length + " x values and " + ys.length
                    + " y values; they must be equal and non-zero");
        }
    }

    @Override
    protected double[] dataYExtent() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Line line : lines) {
            for (double y : line.ys()) {
                if (Double.isFinite(y)) {
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                }
            }
        }
        for (Band band : bands) {
            for (int i = 0; i < band.xs().length; i++) {
                min = Math.min(min, band.low()[i]);
                max = Math.max(max, band.high()[i]);
            }
        }
        return Double.isFinite(min) ? new double[]{min, max} : new double[]{0, 1};
    }

    private Axis xAxis(Rectangle2D plot) {
        if (xMin != null) {
            return new Axis(xMin, xMax, plot.getMinX(), plot.getMaxX());
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Line line : lines) {
            for (double x : line.xs()) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        for (Band band : bands) {
            for (double x : band.xs()) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        if (!(max > min)) {
            min = Double.isFinite(min) ? min - 1 : 0;
            max = min + 2;
        }
        return new Axis(min, max, plot.getMinX(), plot.getMaxX());
    }

    @Override
    protected void drawXAxis(Graphics2D g, Rectangle2D plot, Color grid, Color text) {
        Axis x = xAxis(plot);
        List<Double> ticks = Ticks.between(x.min(), x.max(), Math.max(4, (int) (plot.getWidth() / 110)));
        FontMetrics metrics = g.getFontMetrics();
        for (double t : ticks) {
            double px = x.toPixel(t);
            g.setColor(grid);
            g.setStroke(new BasicStroke(1.2f));
            g.draw(new Line2D.Double(px, plot.getMinY(), px, plot.getMaxY()));
            String label = Ticks.label(t, ticks);
            g.setColor(text);
            g.drawString(label, (float) (px - metrics.stringWidth(label) / 2.0), (float) (plot.getMaxY() + metrics.getAscent() + 6));
        }
    }

    @Override
    protected void drawData(Graphics2D g, Rectangle2D plot, Axis y) {
        Axis x = xAxis(plot);
        for (Band band : bands) {
            Path2D area = new Path2D.Double();
            int n = band.xs().length;
            area.moveTo(x.toPixel(band.xs()[0]), y.toPixel(band.high()[0]));
            for (int i = 1; i < n; i++) {
                area.lineTo(x.toPixel(band.xs()[i]), y.toPixel(band.high()[i]));
            }
            for (int i = n - 1; i >= 0; i--) {
                area.lineTo(x.toPixel(band.xs()[i]), y.toPixel(band.low()[i]));
            }
            area.closePath();
            Color c = band.color();
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 70));
            g.fill(area);
        }
        for (Line line : lines) {
            g.setColor(line.color());
            g.setStroke(new BasicStroke(line.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D path = new Path2D.Double();
            boolean drawing = false;
            for (int i = 0; i < line.xs().length; i++) {
                double yi = line.ys()[i];
                if (!Double.isFinite(yi)) {
                    drawing = false;
                    continue;
                }
                double px = x.toPixel(line.xs()[i]);
                double py = y.toPixel(yi);
                if (drawing) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    drawing = true;
                }
            }
            g.draw(path);
            if (line.marker() != Marker.NONE) {
                for (int i = 0; i < line.xs().length; i += line.markEvery()) {
                    if (Double.isFinite(line.ys()[i])) {
                        line.marker().draw(g, x.toPixel(line.xs()[i]), y.toPixel(line.ys()[i]), 12);
                    }
                }
            }
        }
    }
}
