package dev.tensorlane.samples;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's bad-input paths: one clear message, no stack trace, a non-zero exit code. */
class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

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

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertFails(int code, String fragment, String... args) {
        assertEquals(code, Cli.run(args), errors());
        assertTrue(errors().contains(fragment), "stderr lacks '" + fragment + "': " + errors());
        assertFalse(errors().contains("\tat "), "no stack trace: " + errors());
    }

    @Test
    void unknownModel() {
        assertFails(1, "unknown model 'nope'; choose one of: bn, bn-preact, selu, selu-alphadropout, selu-lecun, deep", "summary", "--model", "nope");
    }

    @Test
    void zeroEpochs() {
        assertFails(2, "--epochs must be at least 1, got 0", "train", "--epochs", "0");
    }

    @Test
    void epochsNotANumber() {
        assertFails(2, "--epochs must be an integer, got 'ten'", "train", "--epochs=ten");
    }

    @Test
    void missingDataDirectory() {
        assertFails(1, "does not exist", "train", "--data", "/nonexistent/fashion");
    }

    @Test
    void unknownOption() {
        assertFails(2, "unknown option --learning-rate", "train", "--learning-rate", "0.1");
    }

    @Test
    void unknownOptimizer() {
        assertFails(2, "unknown optimizer 'rmsprop'", "train", "--optimizer", "rmsprop", "--data", "/tmp");
    }

    @Test
    void threadsMustBeAPositiveCount() {
        assertFails(2, "--threads 0 is not a thread count: use 1 or more", "train", "--threads", "0");
        assertFails(2, "--threads two is not a thread count: use 1 or more", "summary", "--model", "bn", "--threads", "two");
        assertFails(2, "--threads needs a value", "train", "--threads");
        assertFails(2, "--threads -3 is not a thread count: use 1 or more", "train", "--threads=-3");
    }

    @Test
    void scalingNeedsMoreThanOneThread() {
        assertFails(2, "scaling: --threads 1 leaves nothing to compare", "scaling", "--threads", "1");
        assertFails(2, "scaling: --rounds must be at least 1, got 0", "scaling", "--rounds", "0");
        assertFails(1, "unknown model 'nope'", "scaling", "--model", "nope");
    }

    @Test
    void unknownCommand() {
        assertFails(2, "unknown command 'fly'", "fly");
    }

    @Test
    void unknownActivationListsTheValidOnes() {
        assertFails(1, "unknown activation 'mish' for the deep network; choose one of: linear, relu, elu, selu",
                "summary", "--model", "deep", "--activation", "mish");
        assertTrue(errors().contains("silu, prelu, rrelu"), errors());
    }

    @Test
    void activationOnlyForTheDeepModel() {
        assertFails(1, "--activation applies to --model deep only, not to 'bn'", "summary", "--model", "bn", "--activation", "elu");
    }

    @Test
    void plotNeedsASubject() {
        assertFails(2, "plot: say what to plot: 'plot activations [--out FILE]'", "plot");
        assertFails(2, "plot activations: unknown option --size", "plot", "activations", "--size", "3");
    }

    @Test
    void compareActivationsChecksItsOptions() {
        assertFails(2, "compare-activations: --epochs must be at least 1, got 0", "compare-activations", "--epochs", "0");
        assertFails(1, "does not exist", "compare-activations", "--data", "/nonexistent/fashion");
    }

    @Test
    void deepSummaryWithAParameterisedLayer() {
        assertEquals(0, Cli.run("summary", "--model", "deep", "--activation", "rrelu"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("r_re_lu_19 (RReLU)"));
    }

    @Test
    void summaryPrintsTheTable() {
        assertEquals(0, Cli.run("summary", "--model", "selu-alphadropout"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("alpha_dropout (AlphaDropout) (None, 100)               0"));
    }
}
