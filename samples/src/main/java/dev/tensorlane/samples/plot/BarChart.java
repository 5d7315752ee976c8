package dev.tensorlane.samples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Grouped bars over categories (one group per category, one bar per series), like seaborn's
 * {@code barplot} with {@code hue}. The y axis starts at 0 unless {@code yRange} says otherwise.
 */
public final class BarChart extends Chart<BarChart> {

    private record Series(double[] values, Color color) {
    }

    private final List<String> categories;
    private final List<Series> series = new ArrayList<>();

    public BarChart(int width, int height, List<String> categories) {
        super(width, height);
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("a bar chart needs at least one category");
        }
        this.categories = List.copyOf(categories);
    }

    /** One bar per category, in the categories' order. */
    public BarChart series(String label, double[] values, Color color) {
        if (values.length != categories.size()) {
            throw new IllegalArgumentException("series '" + label + "' has " + values.length + " values for "
                    + categories.size() + " categories");
        }
        series.add(new Series(values.clone(), color));
        addLegend(label, color, Swatch.BAR, Marker.NONE);
        return this;
    }

    @Override
    protected boolean startsAtZero() {
        return true;
    }

    @Override
    protected double[] dataYExtent() {
        double max = 0;
        double min = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        return new double[]{min, max == min ? min + 1 : max};
    }

    @Override
    protected void drawXAxis(Graphics2D g, Rectangle2D plot, Color grid, Color text) {
        FontMetrics metrics = g.getFontMetrics();
        double slot = plot.getWidth() / categories.size();
        g.setColor(text);
        for (int c = 0; c < categories.size(); c++) {
            String label = categories.get(c);
            double center = plot.getMinX() + slot * (c + 0.5);
            g.drawString(label, (float) (center - metrics.stringWidth(label) / 2.0), (float) (plot.getMaxY() + metrics.getAscent() + 6));
        }
    }

    @Override
    protected void drawData(Graphics2D g, Rectangle2D plot, Axis y) {
        double slot = plot.getWidth() / categories.size();
        double groupWidth = slot * 0.8;
        double barWidth = groupWidth / Math.max(series.size(), 1);
        double zero = y.toPixel(Math.max(y.min(), 0));
        for (int c = 0; c < categories.size(); c++) {
            double left = plot.getMinX() + slot * c + (slot - groupWidth) / 2;
            for (int s = 0; s < series.size(); s++) {
                double value = series.get(s).values()[c];
                if (!Double.isFinite(value)) {
                    continue;
                }
                double top = y.toPixel(value);
                Rectangle2D bar = new Rectangle2D.Double(left + s * barWidth, Math.min(top, zero), barWidth * 0.92, Math.abs(zero - top));
                g.setColor(series.get(s).color());
                g.fill(bar);
                g.setColor(series.get(s).color().darker());
                g.setStroke(new BasicStroke(1f));
                g.draw(bar);
            }
        }
    }
}
