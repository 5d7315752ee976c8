package dev.tensorlane.samples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every chart shares: size, style, title, axis labels, the y range, ticks and grid, and the
 * legend. Subclasses say how to lay out x and draw their data in {@link #drawData}.
 */
public abstract class Chart<C extends Chart<C>> {

    /** Where the legend box goes inside the plot area. */
    public enum LegendPosition { UPPER_LEFT, UPPER_RIGHT, LOWER_LEFT, LOWER_RIGHT }

    /** How a legend entry shows its series. */
    enum Swatch { LINE, BAND, BAR }

    record LegendEntry(String label, Color color, Swatch swatch, Marker marker) {
    }

    private static final Color TEXT = new Color(0x26, 0x26, 0x26);
    private static final int LEFT = 80, RIGHT = 30, TOP = 50, BOTTOM = 70;

    protected final int width;
    protected final int height;
    private ChartStyle style = ChartStyle.DARKGRID;
    private String title = "";
    private String xLabel = "";
    private String yLabel = "";
    private LegendPosition legendPosition = LegendPosition.UPPER_LEFT;
    private Double yMin;
    private Double yMax;
    private final List<LegendEntry> legend = new ArrayList<>();
    protected final Font font;

    protected Chart(int width, int height) {
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("chart size " + width + "×" + height + " is too small (at least 200×150)");
        }
        this.width = width;
        this.height = height;
        this.font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(12, height / 40));
    }

    @SuppressWarnings("unchecked")
    private C self() {
        return (C) this;
    }

    public C style(ChartStyle style) {
        this.style = style;
        return self();
    }

    public C title(String title) {
        this.title = title;
        return self();
    }

    public C xLabel(String label) {
        this.xLabel = label;
        return self();
    }

    public C yLabel(String label) {
        this.yLabel = label;
        return self();
    }

    /** Fixes the y axis (matplotlib's {@code ylim}); otherwise it spans the data with a margin. */
    public C yRange(double min, double max) {
        requireRange("y", min, max);
        this.yMin = min;
        this.yMax = max;
        return self();
    }

    public C legend(LegendPosition position) {
        this.legendPosition = position;
        return self();
    }

    static void requireRange(String axis, double min, double max) {
        if (!(min < max) || Double.isInfinite(min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException(axis + " range must be finite with min < max, got [" + min + ", " + max + "]");
        }
    }

    void addLegend(String label, Color color, Swatch swatch, Marker marker) {
        if (label != null && !label.isEmpty()) {
            legend.add(new LegendEntry(label, color, swatch, marker));
        }
    }

    /** True when an automatic y range should start at 0 for non-negative data (bars). */
    protected boolean startsAtZero() {
        return false;
    }

    /** Smallest and largest y of the data, for the automatic range. */
    protected abstract double[] dataYExtent();

    /** Draws the series into {@code plot}, mapping y with {@code yAxis}. */
    protected abstract void drawData(Graphics2D g, Rectangle2D plot, Axis yAxis);

    /** Draws the x ticks, labels and vertical grid lines. */
    protected abstract void drawXAxis(Graphics2D g, Rectangle2D plot, Color grid, Color text);

    /** The chart as an image. */
    public BufferedImage render() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setFont(font);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            Rectangle2D plot = new Rectangle2D.Double(LEFT, TOP, width - LEFT - RIGHT, height - TOP - BOTTOM);
            g.setColor(style.plotBackground);
            g.fill(plot);
            Axis yAxis = yAxis(plot);
            drawYAxis(g, plot, yAxis);
            drawXAxis(g, plot, style.grid, TEXT);
            Graphics2D clipped = (Graphics2D) g.create();
            clipped.clip(plot);
            drawData(clipped, plot, yAxis);
            clipped.dispose();
            if (style.frame != null) {
                g.setColor(style.frame);
                g.setStroke(new BasicStroke(1f));
                g.draw(plot);
            }
            drawLabels(g, plot);
            drawLegend(g, plot);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Renders and writes the chart as a PNG, atomically. */
    public void writePng(Path file) throws IOException {
        Png.write(render(), file);
    }

    private Axis yAxis(Rectangle2D plot) {
        double low;
        double high;
        if (yMin != null) {
            low = yMin;
            high = yMax;
        } else {
            double[] extent = dataYExtent();
            double pad = (extent[1] - extent[0]) * 0.05;
            if (!(pad > 0)) {
                pad = Math.max(Math.abs(extent[0]) * 0.05, 0.5);
            }
            low = startsAtZero() && extent[0] >= 0 ? 0 : extent[0] - pad;
            high = extent[1] + pad;
        }
        return new Axis(low, high, plot.getMaxY(), plot.getMinY());
    }

    private void drawYAxis(Graphics2D g, Rectangle2D plot, Axis y) {
        List<Double> ticks = Ticks.between(y.min(), y.max(), Math.max(4, (int) (plot.getHeight() / 60)));
        FontMetrics metrics = g.getFontMetrics();
        for (double t : ticks) {
            double py = y.toPixel(t);
            g.setColor(style.grid);
            g.setStroke(new BasicStroke(1.2f));
            g.draw(new Line2D.Double(plot.getMinX(), py, plot.getMaxX(), py));
            String label = Ticks.label(t, ticks);
            g.setColor(TEXT);
            g.drawString(label, (float) (plot.getMinX() - 8 - metrics.stringWidth(label)),
                    (float) (py + metrics.getAscent() / 2.0 - 2));
        }
    }

    private void drawLabels(Graphics2D g, Rectangle2D plot) {
        g.setColor(TEXT);
        FontMetrics metrics = g.getFontMetrics();
        if (!xLabel.isEmpty()) {
            g.drawString(xLabel, (float) (plot.getCenterX() - metrics.stringWidth(xLabel) / 2.0),
                    (float) (height - 18));
        }
        if (!yLabel.isEmpty()) {
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.transform(AffineTransform.getRotateInstance(-Math.PI / 2));
            rotated.drawString(yLabel, (float) (-plot.getCenterY() - metrics.stringWidth(yLabel) / 2.0), 20f);
            rotated.dispose();
        }
        if (!title.isEmpty()) {
            Font bold = font.deriveFont(Font.BOLD, font.getSize2D() * 1.15f);
            g.setFont(bold);
            FontMetrics titleMetrics = g.getFontMetrics();
            g.drawString(title, (float) (width / 2.0 - titleMetrics.stringWidth(title) / 2.0), 32f);
            g.setFont(font);
        }
    }

    private void drawLegend(Graphics2D g, Rectangle2D plot) {
        if (legend.isEmpty()) {
            return;
        }
        FontMetrics metrics = g.getFontMetrics();
        int lineHeight = metrics.getHeight() + 4;
        int swatchWidth = 36;
        int textWidth = legend.stream().mapToInt(e -> metrics.stringWidth(e.label())).max().orElse(0);
        double boxWidth = swatchWidth + textWidth + 24;
        double boxHeight = legend.size() * lineHeight + 12;
        boolean left = legendPosition == LegendPosition.UPPER_LEFT || legendPosition == LegendPosition.LOWER_LEFT;
        boolean upper = legendPosition == LegendPosition.UPPER_LEFT || legendPosition == LegendPosition.UPPER_RIGHT;
        double x = left ? plot.getMinX() + 10 : plot.getMaxX() - 10 - boxWidth;
        double y = upper ? plot.getMinY() + 10 : plot.getMaxY() - 10 - boxHeight;
        Rectangle2D box = new Rectangle2D.Double(x, y, boxWidth, boxHeight);
        g.setColor(new Color(255, 255, 255, 215));
        g.fill(box);
        g.setColor(new Color(0xCC, 0xCC, 0xCC));
        g.setStroke(new BasicStroke(1f));
        g.draw(box);
        for (int i = 0; i < legend.size(); i++) {
            LegendEntry entry = legend.get(i);
            double rowY = y + 6 + i * lineHeight + lineHeight / 2.0;
            drawSwatch(g, entry, x + 8, rowY, swatchWidth - 8);
            g.setColor(TEXT);
            g.drawString(entry.label(), (float) (x + 8 + swatchWidth), (float) (rowY + metrics.getAscent() / 2.0 - 2));
        }
    }

    private static void drawSwatch(Graphics2D g, LegendEntry entry, double x, double y, double length) {
        g.setColor(entry.color());
        switch (entry.swatch()) {
            case LINE -> {
                g.setStroke(new BasicStroke(2.5f));
                g.draw(new Line2D.Double(x, y, x + length, y));
                entry.marker().draw(g, x + length / 2, y, 12);
            }
            case BAND -> {
                g.setColor(new Color(entry.color().getRed(), entry.color().getGreen(), entry.color().getBlue(), 90));
                g.fill(new Rectangle2D.Double(x, y - 6, length, 12));
            }
            case BAR -> g.fill(new Rectangle2D.Double(x + length / 4, y - 7, length / 2, 14));
        }
    }

    /** A linear map from data values in [min, max] to pixels in [pixelMin, pixelMax]. */
    public record Axis(double min, double max, double pixelMin, double pixelMax) {
        public double toPixel(double value) {
            return pixelMin + (value - min) / (max - min) * (pixelMax - pixelMin);
        }
    }
}
