package dev.tensorlane.samples;

import dev.tensorlane.data.FashionMnist;
import dev.tensorlane.data.StandardScaler;
import dev.tensorlane.kernels.KernelProvider;
import dev.tensorlane.kernels.Kernels;
import dev.tensorlane.callbacks.LayerStatistics;
import dev.tensorlane.models.FitOptions;
import dev.tensorlane.models.History;
import dev.tensorlane.models.Sequential;
import dev.tensorlane.optimizers.Optimizers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.List;
import java.util.Set;

/**
 * The command line behind {@code ./tensorlane}: {@code train} and {@code summary}. Errors print
 * one message (no stack trace) and give a non-zero exit code: 2 for a bad command line, 1 for a
 * failure while running.
 */
public final class Cli {

    /** Where Debian's {@code dataset-fashion-mnist} package puts the four IDX files. */
    static final Path DEFAULT_DATA = Path.of("/usr/share/datasets/fashion-mnist");

    private static final String USAGE = """
            usage: ./tensorlane COMMAND [options]
              train    [--model bn|bn-preact|selu|selu-alphadropout|selu-lecun|deep] [--activation NAME] [--epochs 10]
                       [--batch-size 32] [--optimizer adam|sgd] [--seed N] [--data DIR] [--out runs/NAME] [--stats]
                       [--fixed-threads]
                       trains the tutorial's model on Fashion-MNIST and evaluates it on the test set;
                       --activation (relu, elu, prelu, rrelu, gelu, ...) sets deep's 20 hidden layers;
                       --out saves the model every epoch, history.csv and learning_curves.png there;
                       --stats adds layer_stats.csv and layer_stats.png (per-layer activation mean/std,
                       gradient norm; into --out, else runs/MODEL)
              train    --resume runs/NAME --epochs N [--data DIR] [--stats]
                       continues a saved run up to N epochs in all, exactly as an uninterrupted run
              evaluate --model-dir runs/NAME [--data DIR]      test loss and accuracy of a saved model
              predict  --model-dir runs/NAME --index I [I ...] [--data DIR]
                       class names and probabilities for test images by index
              summary  --model NAME [--activation NAME]   prints the model's Keras summary
              plot activations [--out activations.png]
                       draws the ReLU family (and, in activations-derivatives.png, their derivatives)
              compare-activations [--epochs 3] [--batch-size 32] [--seed N] [--data DIR]
                       [--out compare-activations.png]
                       trains the deep network once per activation, prints a table, charts val accuracy
              scaling  [--model bn] [--activation NAME] [--batch-size 32] [--steps 100] [--rounds 12]
                       [--seconds 1] [--warmup 20] [--seed N] [--threads N]
                       trains the model on 1 thread, on N fixed threads (default: every processor) and on
                       N adaptive threads in one JVM, in turn, rounds of the same epochs; prints samples/s
                       and the ratios per round, their medians and spread, the core-to-core round trip
                       measured before each round, and whether the copies' weights end bit for bit equal
              test                       runs the whole test suite
              bench                      runs the JMH benchmarks
            Fashion-MNIST is read from --data DIR, else $TENSORLANE_DATA, else /usr/share/datasets/fashion-mnist.
            Every command takes --threads N: the threads the kernels use (default: every available processor;
            the same as java -Dtensorlane.threads=N). Results are bit-identical for any N. Training on N > 1
            threads runs its steps on 1 thread while that measures faster (on a virtual machine whose host
            sometimes places the threads on cores far apart); train --fixed-threads keeps N.
            """;

    private Cli() {
    }

    /** The arguments without {@code --threads N}, and N (0 when it was not given). */
    private record ThreadsOption(String[] rest, int threads) {
    }

    /**
     * Takes {@code --threads N} (or {@code --threads=N}) out of the arguments: it sets
     * {@code -Dtensorlane.threads} for the kernels this JVM has not chosen yet, and the threads of
     * the model {@code train} creates.
     */
    private static ThreadsOption takeThreads(String[] args) {
        List<String> rest = new java.util.ArrayList<>(List.of(args));
        int at = -1;
        String value = null;
        for (int i = 0; i < rest.size() && at < 0; i++) {
            if (rest.get(i).equals("--threads")) {
                if (i + 1 >= rest.size()) {
                    throw new UsageException("--threads needs a value: the number of threads, 1 or more");
                }
                at = i;
                value = rest.remove(i + 1);
            } else if (rest.get(i).startsWith("--threads=")) {
                at = i;
                value = rest.get(i).substring("--threads=".length());
            }
        }
        if (at < 0) {
            return new ThreadsOption(args, 0);
        }
        rest.remove(at);
        int threads;
        try {
            threads = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            threads = -1;
        }
        if (threads < 1) {
            throw new UsageException("--threads " + value + " is not a thread count: use 1 or more");
        }
        System.setProperty(KernelProvider.THREADS_PROPERTY, value);
        return new ThreadsOption(rest.toArray(String[]::new), threads);
    }

    public static void main(String[] args) {
        exit(run(args));
    }

    /** Runs one command; returns the process exit code. */
    public static int run(String... args) {
        try {
            ThreadsOption threadsOption = takeThreads(args);
            args = threadsOption.rest();
            if (args.length == 0 || Set.of("help", "-h", "--help").contains(args[0])) {
                System.out.print(USAGE);
                return args.length == 0 ? 2 : 0;
            }
            return switch (args[0]) {
                case "train" -> train(Arguments.parse(args, List.of("model", "activation", "epochs", "batch-size", "optimizer",
                        "seed", "data", "out", "resume", "stats", "fixed-threads"), Set.of("stats", "fixed-threads"), Set.of()),
                        threadsOption.threads());
                case "evaluate" -> SavedModelCommands.evaluate(Arguments.parse(args, List.of("model-dir", "data")));
                case "predict" -> SavedModelCommands.predict(Arguments.parse(args, List.of("model-dir", "index", "data"),
                        Set.of(), Set.of("index")));
                case "summary" -> summary(Arguments.parse(args, List.of("model", "activation")));
                case "plot" -> plot(args);
                case "compare-activations" -> compareActivations(
                        Arguments.parse(args, List.of("epochs", "batch-size", "seed", "data", "out")));
                case "scaling" -> scaling(Arguments.parse(args, List.of("model", "activation", "batch-size", "steps",
                        "rounds", "seconds", "warmup", "seed")), threadsOption.threads());
                default -> throw new UsageException("unknown command '" + args[0]
                        + "'; commands: train, evaluate, predict, summary, plot, compare-activations, scaling, test, bench");
            };
        } catch (UsageException e) {
            System.err.println("tensorlane: " + e.getMessage());
            System.err.println("run './tensorlane help' for usage");
            return 2;
        } catch (IllegalArgumentException | IllegalStateException | IOException | UncheckedIOException e) {
            System.err.println("tensorlane: " + e.getMessage());
            return 1;
        }
    }

    private static int summary(Arguments args) {
        try (Sequential model = model(args)) {
            model.summary();
        }
        return 0;
    }

    /** {@code plot activations [--out FILE]}: the curves to FILE, their derivatives next to it. */
    private static int plot(String[] args) throws IOException {
        if (args.length < 2 || !args[1].equals("activations")) {
            throw new UsageException("plot: say what to plot: 'plot activations [--out FILE]'");
        }
        String[] rest = prepend(java.util.Arrays.copyOfRange(args, 2, args.length), "plot activations");
        Path out = Path.of(Arguments.parse(rest, List.of("out")).string("out", "activations.png"));
        Path derivatives = siblingWithSuffix(out, "-derivatives");
        new ActivationCurves().write(out, derivatives);
        System.out.println("wrote " + out + " and " + derivatives);
        return 0;
    }

    /** {@code dir/name-suffix.png} for {@code dir/name.png}. */
    static Path siblingWithSuffix(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String sibling = dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix + ".png";
        return file.resolveSibling(sibling);
    }

    private static int compareActivations(Arguments args) throws IOException {
        int epochs = args.integer("epochs", 3, 1);
        int batchSize = args.integer("batch-size", 32, 1);
        long seed = args.longValue("seed", Sequential.DEFAULT_SEED);
        Path out = Path.of(args.string("out", "compare-activations.png"));
        Path dataDir = dataDirectory(args);
        try (FashionMnist data = loadScaled(dataDir)) {
            var results = ActivationComparison.run(ActivationComparison.candidates(), data.xTrain(), data.yTrain(),
                    data.xValid(), data.yValid(), epochs, batchSize, seed, System.out);
            System.out.print(ActivationComparison.table(results));
            ActivationComparison.writeChart(results, out);
            System.out.println("wrote " + out);
        }
        return 0;
    }

    /** Fashion-MNIST from {@code dir}, every split scaled by a StandardScaler fit on the training pixels. */
    private static FashionMnist loadScaled(Path dir) throws IOException {
        FashionMnist data = FashionMnist.load(dir);
        StandardScaler scaler = scale(data);
        System.out.printf(Locale.ROOT, "Fashion-MNIST from %s: %d train, %d validation, %d test; pixels scaled by mean %.4f, std %.4f%n",
                dir, data.yTrain().length, data.yValid().length, data.yTest().length, scaler.mean(), scaler.std());
        return data;
    }

    /** {@code threads}: the model's thread count from {@code --threads}, or 0 for the JVM's default. */
    private static int train(Arguments args, int threads) throws IOException {
        Path resume = args.path("resume");
        if (resume != null) {
            for (String fixed : List.of("model", "optimizer", "seed", "batch-size", "out")) {
                if (args.has(fixed)) {
                    throw new UsageException("train: --resume continues " + resume + " with its own settings; drop --" + fixed);
                }
            }
        }
        int epochs = args.integer("epochs", 10, 1);
        RunDirectory run = resume != null ? new RunDirectory(resume)
                : args.has("out") ? new RunDirectory(args.path("out"))
                : args.has("stats") ? new RunDirectory(Path.of("runs", args.string("model", "bn"))) : null;
        Path dataDir = dataDirectory(args);
        RunDirectory.Settings settings;
        Sequential model;
        if (resume != null) {
            settings = run.readSettings();
            model = Sequential.load(resume);
        } else {
            settings = new RunDirectory.Settings(args.string("model", "bn"), args.integer("batch-size", 32, 1));
            if (run != null) {
                run.requireNoSavedModel();
            }
            model = SeedModels.create(settings.model(), args.string("activation", null));
            if (threads > 0) {
                model.threads(threads);
            }
        }
        try (model) {
            if (args.has("fixed-threads")) {
                model.adaptiveThreads(false); // otherwise -Dtensorlane.adaptiveThreads decides (default: adaptive)
            }
            int initialEpoch = model.epochsTrained();
            if (resume != null && epochs <= initialEpoch) {
                throw new UsageException("train: " + resume + " has trained " + initialEpoch + " epochs already; pass --epochs N with N > "
                        + initialEpoch + " (N counts all epochs, as Keras's epochs with initial_epoch)");
            }
            if (resume == null) {
                model.seed(args.longValue("seed", Sequential.DEFAULT_SEED));
                model.compile("sparse_categorical_crossentropy", optimizerChecked(args.string("optimizer", "adam")), "accuracy");
            }
            try (FashionMnist data = loadScaled(dataDir)) {
                Kernels kernels = model.kernels();
                System.out.println("Kernels: " + (kernels.threads() > 1 ? kernels.description()
                        : kernels.description() + ", 1 thread"));
                model.summary();
                FitOptions options = FitOptions.epochs(epochs).initialEpoch(initialEpoch).batchSize(settings.batchSize())
                        .validation(data.xValid(), data.yValid());
                LayerStatistics stats = args.has("stats") ? new LayerStatistics() : null;
                if (run != null) {
                    if (resume == null) {
                        run.writeSettings(settings);
                    }
                    run.callbacks(resume != null).forEach(options::callbacks);
                }
                if (stats != null) {
                    options.callbacks(stats);
                }
                if (resume != null) {
                    System.out.println("Resuming " + resume + " after epoch " + initialEpoch + " (optimizer step "
                            + model.optimizer().iterations() + ")");
                }
                History history = model.fit(data.xTrain(), data.yTrain(), options);
                float[] test = model.evaluate(data.xTest(), data.yTest());
                double meanThroughput = history.samplesPerSecond().stream().mapToDouble(Double::doubleValue).average().orElse(0);
                System.out.printf(Locale.ROOT, "training throughput: %.0f samples/s (mean of %d epochs), best epoch %.0f samples/s%n",
                        meanThroughput, history.epochs(),
                        history.samplesPerSecond().stream().mapToDouble(Double::doubleValue).max().orElse(0));
                long oneThreadSteps = model.stepsOnOneThread();
                if (oneThreadSteps > 0) {
                    long steps = (long) (epochs - initialEpoch) * ((data.xTrain().rows() + settings.batchSize() - 1) / settings.batchSize());
                    System.out.printf(Locale.ROOT, "adaptive threads: %d of %d steps ran on 1 thread (trials, and spells"
                            + " where 1 thread measured faster than %d; --fixed-threads keeps %d)%n", oneThreadSteps, steps,
                            kernels.threads(), kernels.threads());
                }
                System.out.printf(Locale.ROOT, "test_loss: %.4f - test_accuracy: %.4f%n", test[0], test[1]);
                if (run != null) {
                    for (Path written : run.finish(stats, initialEpoch)) {
                        System.out.println("wrote " + written);
                    }
                    System.out.println("saved model, training state and history.csv in " + run.dir());
                }
            }
        }
        return 0;
    }

    /** {@code scaling}: 1 thread against {@code threads} (0: every available processor), side by side. */
    private static int scaling(Arguments args, int threads) {
        if (threads == 1) {
            throw new UsageException("scaling: --threads 1 leaves nothing to compare; it measures 1 thread against N > 1");
        }
        var settings = new ThreadScaling.Settings(args.string("model", "bn"), args.string("activation", null),
                threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), args.integer("batch-size", 32, 1),
                args.integer("steps", 100, 1), args.integer("rounds", 12, 1),
                Duration.ofSeconds(args.integer("seconds", 1, 1)), Duration.ofSeconds(args.integer("warmup", 20, 0)),
                args.longValue("seed", Sequential.DEFAULT_SEED));
        SeedModels.create(settings.model(), settings.activation()).close(); // a bad name fails before the warm-up
        System.out.printf(Locale.ROOT, "Thread scaling of %s: 1 thread against %d fixed and %d adaptive, in one JVM,"
                + " on seeded random inputs%n", settings.label(), settings.threads(), settings.threads());
        ThreadScaling.Result result = ThreadScaling.run(settings, System.out);
        System.out.print(ThreadScaling.report(result));
        return result.weightsIdentical() ? 0 : 1;
    }

    /** Fits a StandardScaler on the training pixels (one feature) and scales all three sets with it. */
    static StandardScaler scale(FashionMnist data) {
        StandardScaler scaler = new StandardScaler();
        scaler.fit(data.xTrain());
        scaler.transformInPlace(data.xTrain());
        scaler.transformInPlace(data.xValid());
        scaler.transformInPlace(data.xTest());
        return scaler;
    }

    private static Sequential model(Arguments args) {
        return SeedModels.create(args.string("model", "bn"), args.string("activation", null));
    }

    private static String optimizerChecked(String name) {
        try {
            Optimizers.get(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("train: --optimizer " + e.getMessage());
        }
        return name;
    }

    /** {@code --data}, else {@code $TENSORLANE_DATA}, else the Debian package's directory; it must exist. */
    static Path dataDirectory(Arguments args) {
        String fromEnv = System.getenv("TENSORLANE_DATA");
        String chosen = args.string("data", fromEnv == null || fromEnv.isBlank() ? DEFAULT_DATA.toString() : fromEnv);
        Path dir = Path.of(chosen);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Fashion-MNIST directory " + dir.toAbsolutePath() + " does not exist. "
                    + "Install it with 'apt-get install dataset-fashion-mnist' (it lands in " + DEFAULT_DATA
                    + "), or pass --data DIR / set TENSORLANE_DATA to a directory holding the four IDX files.");
        }
        return dir;
    }

    /** Prepends a command and options to a sample's own arguments. */
    static String[] prepend(String[] args, String... first) {
        String[] all = new String[first.length + args.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(args, 0, all, first.length, args.length);
        return all;
    }

    static void exit(int code) {
        System.out.flush();
        if (code != 0) {
            System.exit(code);
        }
    }
}
