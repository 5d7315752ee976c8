package dev.tensorlane.samples.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Several charts stacked top to bottom in one image (matplotlib's {@code subplots(n, 1)}): the
 * image is as wide as the widest chart and as tall as all of them together.
 */
public final class Figure {

    private final List<Chart<?>> charts;

    private Figure(List<Chart<?>> charts) {
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("a figure needs at least one chart");
        }
        this.charts = List.copyOf(charts);
    }

    /** The charts in a column, first on top. */
    public static Figure column(Chart<?>... charts) {
        return new Figure(List.of(charts));
    }

    public int width() {
        return charts.stream().mapToInt(c -> c.width).max().orElseThrow();
    }

    public int height() {
        return charts.stream().mapToInt(c -> c.height).sum();
    }

    public BufferedImage render() {
        BufferedImage image = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            int y = 0;
            for (Chart<?> chart : charts) {
                g.drawImage(chart.render(), 0, y, null);
                y += chart.height;
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes the figure as a PNG, atomically ({@link Png#write}). */
    public void writePng(Path file) throws IOException {
        Png.write(render(), file);
    }
}
