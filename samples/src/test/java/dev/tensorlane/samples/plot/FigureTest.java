package dev.tensorlane.samples.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FigureTest {

    @TempDir
    Path dir;

    @Test
    void stacksChartsIntoOneDecodablePng() throws IOException {
        double[] x = {0, 1, 2};
        LineChart top = new LineChart(400, 200).line("a", x, new double[]{0, 1, 0}, Color.RED);
        LineChart bottom = new LineChart(300, 250).line("b", x, new double[]{1, 0, 1}, Color.BLUE);
        Path file = dir.resolve("figure.png");
        Figure.column(top, bottom).writePng(file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(400, image.getWidth());
        assertEquals(450, image.getHeight());
        assertEquals(Color.WHITE.getRGB(), image.getRGB(399, 449), "area right of the narrower chart is white");
    }
}
