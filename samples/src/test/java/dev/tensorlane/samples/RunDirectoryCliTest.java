package dev.tensorlane.samples;

import dev.tensorlane.data.Idx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * train --out / --resume / --stats, evaluate and predict on a tiny synthetic Fashion-MNIST
 * (5,064 training images, of which the first 5,000 are the validation set, and 20 test images).
 * Runs in its own Surefire fork on the scalar kernels (see samples/pom.xml): the SIMD kernels'
 * floats depend on the JIT tier, which differs between the runs compared here.
 */
class RunDirectoryCliTest {

    @TempDir
    static Path data;

    @TempDir
    Path runs;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeAll
    static void writeSyntheticDataset() throws IOException {
        writeSet(data, "train", 5064, 1);
        writeSet(data, "t10k", 20, 2);
    }

    private static void writeSet(Path dir, String prefix, int n, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * 784];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) random.nextInt(10);
            for (int p = 0; p < 784; p++) {
                pixels[i * 784 + p] = (byte) (p % 10 == labels[i] ? 200 + random.nextInt(56) : random.nextInt(60));
            }
        }
        Idx.writeImages(dir.resolve(prefix + "-images-idx3-ubyte"), pixels, n, 28, 28, false);
        Idx.writeLabels(dir.resolve(prefix + "-labels-idx1-ubyte"), labels, false);
    }

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private void run(String... args) {
        assertEquals(0, Cli.run(args), () -> err.toString(StandardCharsets.UTF_8));
    }

    private String fails(int code, String... args) {
        err.reset();
        assertEquals(code, Cli.run(args));
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void seluLecunTrainsAndSavesItsInitializer() throws IOException {
        Path run = runs.resolve("selu-lecun");
        run("train", "--model", "selu-lecun", "--epochs", "1", "--threads", "1", "--out", run.toString(), "--data", data.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(", 1 thread\n"), out.toString(StandardCharsets.UTF_8));
        String json = Files.readString(run.resolve("model.json"));
        assertTrue(json.contains("{\"class_name\": \"LecunNormal\", \"config\": {\"seed\": null}}"), json);
        assertTrue(json.contains("\"rate\": 0.05"), json);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("test_accuracy"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void resumedRunWritesTheSameFilesAsAnUninterruptedOne() throws IOException {
        String d = data.toString();
        Path straight = runs.resolve("straight");
        Path resumed = runs.resolve("resumed");
        run("train", "--model", "selu-alphadropout", "--epochs", "2", "--out", straight.toString(), "--data", d, "--stats",
                "--fixed-threads");
        run("train", "--model", "selu-alphadropout", "--epochs", "1", "--out", resumed.toString(), "--data", d, "--stats");
        run("train", "--resume", resumed.toString(), "--epochs", "2", "--data", d, "--stats");

        assertArrayEquals(Files.readAllBytes(straight.resolve("model.safetensors")), Files.readAllBytes(resumed.resolve("model.safetensors")));
        assertArrayEquals(Files.readAllBytes(straight.resolve("training_state.safetensors")),
                Files.readAllBytes(resumed.resolve("training_state.safetensors")));
        List<String> history = Files.readAllLines(straight.resolve("history.csv"));
        assertEquals("epoch,accuracy,loss,val_accuracy,val_loss", history.getFirst());
        assertEquals(3, history.size());
        assertEquals(history, Files.readAllLines(resumed.resolve("history.csv")));
        assertEquals(Files.readAllLines(straight.resolve("layer_stats.csv")), Files.readAllLines(resumed.resolve("layer_stats.csv")));

        assertPng(straight.resolve("learning_curves.png"), 800, 500);
        assertPng(resumed.resolve("layer_stats.png"), 1000, 1050);
        assertTrue(Files.readString(straight.resolve("model.json")).startsWith("{\"class_name\": \"Sequential\""));

        run("evaluate", "--model-dir", straight.toString(), "--data", d);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(straight + ": test_loss: "), out.toString(StandardCharsets.UTF_8));
        run("predict", "--model-dir", straight.toString(), "--index", "0", "3", "--data", d);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("test image 0: ") && printed.contains("test image 3: ") && printed.contains(" Ankle boot 0."), printed);
    }

    @Test
    void badRunDirectoriesGetClearMessages() throws IOException {
        String d = data.toString();
        Path run = runs.resolve("one");
        run("train", "--model", "selu", "--epochs", "1", "--out", run.toString(), "--data", d);
        assertTrue(fails(2, "train", "--epochs", "2", "--out", run.toString(), "--data", d)
                .contains(run + " already holds a saved model; continue it with --resume " + run));
        assertTrue(fails(2, "train", "--resume", run.toString(), "--epochs", "1", "--data", d)
                .contains(run + " has trained 1 epochs already; pass --epochs N with N > 1"));
        assertTrue(fails(2, "train", "--resume", run.toString(), "--model", "bn", "--data", d)
                .contains("drop --model"));
        assertTrue(fails(1, "train", "--resume", runs.resolve("none").toString(), "--epochs", "2", "--data", d)
                .contains("run.json"));
        assertTrue(fails(2, "predict", "--model-dir", run.toString(), "--index", "--data", d).contains("--index needs a value"));
        assertTrue(fails(2, "predict", "--model-dir", run.toString(), "--index", "20", "--data", d)
                .contains("--index 20 is past the test set's 20 images"));
        Files.writeString(run.resolve("model.json"), "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [}}");
        assertTrue(fails(1, "evaluate", "--model-dir", run.toString(), "--data", d).contains("model.json: unexpected '}', expected a value at byte offset 51"));
    }

    private static void assertPng(Path file, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(width, image.getWidth(), file.toString());
        assertEquals(height, image.getHeight(), file.toString());
    }
}
