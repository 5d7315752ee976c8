package dev.tensorlane.samples.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartTest {

    @TempDir
    Path dir;

    private static double[] range(int n, double from, double to) {
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = from + (to - from) * i / (n - 1);
        }
        return xs;
    }

    @Test
    void lineChartWritesADecodablePngOfTheStatedSizeWithItsColours() throws IOException {
        double[] x = range(101, -10, 10);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(x[i], 0) / 10;
        }
        Path file = dir.resolve("sub/lines.png");
        new LineChart(1200, 600).xRange(-10, 10).yRange(-1, 1.6).title("t").xLabel("x").yLabel("y")
                .line("relu", x, y, Color.RED, Marker.STAR, 10)
                .band("band", x, y, y, Color.BLUE)
                .writePng(file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(1200, image.getWidth());
        assertEquals(600, image.getHeight());
        assertTrue(countColour(image, new Color(0xEA, 0xEA, 0xF2)) > 100_000, "darkgrid background");
        assertTrue(countColour(image, Color.RED) > 500, "the red line");
        try (var listing = Files.list(file.getParent())) {
            assertEquals(List.of(file), listing.toList(), "no temporary file left behind");
        }
    }

    @Test
    void barChartDrawsEveryBar() throws IOException {
        Path file = dir.resolve("bars.png");
        new BarChart(640, 400, List.of("a", "b")).style(ChartStyle.WHITEGRID)
                .series("one", new double[]{1, 2}, Color.GREEN)
                .series("two", new double[]{2, 1}, Color.MAGENTA)
                .writePng(file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(640, image.getWidth());
        assertTrue(countColour(image, Color.GREEN) > 2_000);
        assertTrue(countColour(image, Color.MAGENTA) > 2_000);
    }

    @Test
    void badSeriesAndRangesAreRefused() {
        LineChart chart = new LineChart(400, 300);
        assertThrows(IllegalArgumentException.class, () -> chart.line("l", new double[2], new double[3], Color.RED));
        assertThrows(IllegalArgumentException.class, () -> chart.yRange(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BarChart(400, 300, List.of("a")).series("s", new double[2], Color.RED));
        assertThrows(IllegalArgumentException.class, () -> new LineChart(10, 10));
    }

    @Test
    void ticksAreRoundNumbers() {
        assertEquals(List.of(-10.0, -7.5, -5.0, -2.5, 0.0, 2.5, 5.0, 7.5, 10.0), Ticks.between(-10, 10, 8));
        assertEquals("2.5", Ticks.label(2.5, Ticks.between(-10, 10, 8)));
        assertEquals("1", Ticks.label(1, List.of(0.0, 1.0)));
    }

    private static int countColour(BufferedImage image, Color colour) {
        int rgb = colour.getRGB();
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
