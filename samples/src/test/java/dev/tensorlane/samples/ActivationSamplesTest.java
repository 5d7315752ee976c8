package dev.tensorlane.samples;

import dev.tensorlane.models.Sequential;
import dev.tensorlane.tensor.Tensor;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The activation figures, the deep network by activation name, and a small compare-activations run. */
class ActivationSamplesTest {

    @TempDir
    Path dir;

    private static BufferedImage read(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " missing");
        BufferedImage image = ImageIO.read(file.toFile());
        assertTrue(image != null, file + " does not decode as an image");
        return image;
    }

    private static boolean hasPixel(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void plotActivationsWritesTheCurvesAndTheirDerivatives() throws IOException {
        Path out = dir.resolve("figures/curves.png");
        assertEquals(0, Cli.run("plot", "activations", "--out", out.toString()));
        for (Path file : List.of(out, dir.resolve("figures/curves-derivatives.png"))) {
            BufferedImage image = read(file);
            assertEquals(1200, image.getWidth());
            assertEquals(600, image.getHeight());
            assertTrue(hasPixel(image, 0xff0000), "ReLU's red in " + file);
            assertTrue(hasPixel(image, 0x00ffee), "SELU's cyan in " + file);
            assertTrue(hasPixel(image, 0xEAEAF2), "darkgrid background in " + file);
        }
    }

    @Test
    void curvesComeFromTheKernels() {
        ActivationCurves curves = new ActivationCurves();
        double[] xs = curves.xs();
        assertEquals(-10, xs[0]);
        assertEquals(10, xs[xs.length - 1], 1e-12);
        double[] prelu = curves.prelu(false);
        double[] preluSlope = curves.prelu(true);
        assertEquals(-10 * ActivationCurves.PRELU_ALPHA, prelu[0], 1e-5);
        assertEquals(ActivationCurves.PRELU_ALPHA, preluSlope[0], 1e-7);
        assertEquals(1, preluSlope[xs.length - 1]);
    }

    @Test
    void deepNetworkTakesEveryActivationName() {
        for (String name : DeepMlp.names()) {
            try (Sequential model = DeepMlp.build(name)) {
                boolean layer = name.equals("prelu") || name.equals("rrelu") || name.equals("leaky_relu");
                assertEquals(layer ? 42 : 22, model.layers().size(), name);
            }
        }
    }

    @Test
    void deepPreluSummaryCountsTheSlopes() {
        String summary = SeedModels.create("deep", "prelu").summaryString();
        assertTrue(summary.contains("\np_re_lu (PReLU)              (None, 100)               100       \n"), summary);
        assertTrue(summary.contains("\np_re_lu_19 (PReLU)           (None, 100)               100       \n"), summary);
        // 20 × 100 slopes on top of the relu network's 271,410 weights
        assertTrue(summary.contains("Total params: 273,410\n"), summary);
    }

    @Test
    void compareActivationsOnSmallFakeData() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        int train = 96;
        int valid = 40;
        try (Tensor x = images(random, train); Tensor xValid = images(random, valid)) {
            int[] y = random.ints(train, 0, 10).toArray();
            int[] yValid = random.ints(valid, 0, 10).toArray();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            var results = ActivationComparison.run(ActivationComparison.candidates(), x, y, xValid, yValid, 2, 32, 1,
                    new PrintStream(log, true, StandardCharsets.UTF_8));
            assertEquals(8, results.size());
            for (var result : results) {
                assertEquals(2, result.validationAccuracy().size(), result.label());
                assertTrue(result.last() >= 0 && result.last() <= 1, result.label());
            }
            String table = ActivationComparison.table(results);
            assertEquals(9, table.lines().count(), table);
            assertTrue(table.contains("selu + AlphaDropout(0.5)"), table);
            Path chart = dir.resolve("compare.png");
            ActivationComparison.writeChart(results, chart);
            BufferedImage image = read(chart);
            assertEquals(1200, image.getWidth());
            assertEquals(600, image.getHeight());
        }
    }

    private static Tensor images(SplittableRandom random, int n) {
        float[] values = new float[n * 784];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return Tensor.of(values, n, 28, 28);
    }
}
