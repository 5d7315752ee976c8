package dev.tensorlane.samples;

import dev.tensorlane.models.FitOptions;
import dev.tensorlane.models.Sequential;
import dev.tensorlane.tensor.Tensor;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * {@code ./tensorlane scaling}: how much faster a seed model trains on N threads than on one,
 * measured side by side. Three copies of the model, one on one thread, one on N fixed threads and
 * one on N adaptive threads (the default: {@code fit} runs its steps on one thread while that
 * measures faster, see {@link Sequential#adaptiveThreads}), train in the same JVM in rounds of the
 * same number of {@code fit} epochs (the order rotated every round), so a slow spell of a shared
 * machine lands on all; separate runs minutes apart do not give a ratio there. Since the copies
 * train the same epochs from the same seed, their weights must end bit for bit the same, which
 * the command checks. Before each round a {@link CoreToCoreRoundTrip} probe tells how near the
 * cores are that the system hands the threads: on a virtual machine that decides what a second
 * thread is worth (see ARCHITECTURE).
 *
 * <p>The inputs are seeded Gaussian pixels and uniform labels: a step's time does not depend on
 * the values, and no dataset is needed.
 */
final class ThreadScaling {

    /** Pixels of one 28×28 input. */
    private static final int PIXELS = 28 * 28;

    /** How long the core-to-core probe before each round runs. */
    private static final Duration PROBE = Duration.ofMillis(50);

    /** One round: samples/s of each copy, and the core-to-core round trip measured just before. */
    record Round(double oneThread, double manyThreads, double adaptive, double roundTripNanos) {
        /** N fixed threads ÷ 1 thread. */
        double ratio() {
            return manyThreads / oneThread;
        }

        /** N adaptive threads ÷ 1 thread. */
        double adaptiveRatio() {
            return adaptive / oneThread;
        }
    }

    /** What {@link #run} measured; {@code stepsOnOneThread} of the adaptive copy's {@code stepsTrained}. */
    record Result(String model, int threads, int batchSize, int stepsPerEpoch, int epochsPerRound,
                  int epochsEach, List<Round> rounds, boolean weightsIdentical, long stepsOnOneThread,
                  long stepsTrained) {
    }

    /** The settings of one measurement. */
    record Settings(String model, String activation, int threads, int batchSize, int stepsPerEpoch, int rounds,
                    Duration roundTime, Duration warmup, long seed) {
        /** The model's name, with the activation when one was chosen ({@code deep (prelu)}). */
        String label() {
            return activation == null ? model : model + " (" + activation + ")";
        }

        Settings {
            if (threads < 2) {
                throw new IllegalArgumentException("scaling compares 1 thread with N > 1 threads, and N is " + threads
                        + " (--threads N; the default is this machine's " + Runtime.getRuntime().availableProcessors()
                        + " processors)");
            }
            if ((long) batchSize * stepsPerEpoch * PIXELS > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("scaling: --batch-size " + batchSize + " × --steps " + stepsPerEpoch
                        + " samples of " + PIXELS + " pixels do not fit in one Java array; use fewer");
            }
        }
    }

    private ThreadScaling() {
    }

    /** Trains both copies, printing a line per round to {@code progress}. */
    static Result run(Settings settings, PrintStream progress) {
        int samples = settings.batchSize() * settings.stepsPerEpoch();
        SplittableRandom random = new SplittableRandom(settings.seed());
        float[] pixels = new float[samples * PIXELS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        int[] labels = random.ints(samples, 0, 10).toArray();
        try (Tensor x = Tensor.of(pixels, samples, 28, 28);
             Sequential one = copy(settings, 1, false);
             Sequential many = copy(settings, settings.threads(), false);
             Sequential adaptive = copy(settings, settings.threads(), true)) {
            Sequential[] copies = {one, many, adaptive};
            FitOptions oneEpoch = FitOptions.epochs(1).batchSize(settings.batchSize()).verbose(0);
            int epochsEach = 0;
            long warmupEnd = System.nanoTime() + settings.warmup().toNanos();
            do { // JIT warm-up for all, then one epoch of each that sets the round's length
                for (Sequential copy : copies) {
                    copy.fit(x, labels, oneEpoch);
                }
                epochsEach++;
            } while (System.nanoTime() < warmupEnd);
            long epochNanos = fitNanos(one, x, labels, oneEpoch);
            for (int c = 1; c < copies.length; c++) {
                fitNanos(copies[c], x, labels, oneEpoch);
            }
            epochsEach++;
            int epochsPerRound = (int) Math.max(1, Math.ceil((double) settings.roundTime().toNanos() / epochNanos));
            FitOptions round = FitOptions.epochs(epochsPerRound).batchSize(settings.batchSize()).verbose(0);
            List<Round> rounds = new ArrayList<>();
            for (int r = 0; r < settings.rounds(); r++) {
                double roundTrip = CoreToCoreRoundTrip.nanos(PROBE);
                double[] rate = new double[copies.length];
                for (int i = 0; i < copies.length; i++) { // the order rotates: each copy goes first in turn
                    int c = (r + i) % copies.length;
                    rate[c] = samplesPerSecond(copies[c], x, labels, round, epochsPerRound);
                }
                Round done = new Round(rate[0], rate[1], rate[2], roundTrip);
                rounds.add(done);
                progress.printf(Locale.ROOT, "round %d of %d: %.0f, %.0f and %.0f samples/s, %.3f× and %.3f×,"
                                + " core-to-core round trip %.0f ns%n", r + 1, settings.rounds(), rate[0], rate[1], rate[2],
                        done.ratio(), done.adaptiveRatio(), roundTrip);
                epochsEach += epochsPerRound;
            }
            boolean identical = sameBits(one.getWeights(), many.getWeights())
                    && sameBits(one.getWeights(), adaptive.getWeights());
            return new Result(settings.label(), settings.threads(), settings.batchSize(), settings.stepsPerEpoch(),
                    epochsPerRound, epochsEach, rounds, identical, adaptive.stepsOnOneThread(),
                    (long) epochsEach * settings.stepsPerEpoch());
        }
    }

    private static Sequential copy(Settings settings, int threads, boolean adaptive) {
        Sequential model = SeedModels.create(settings.model(), settings.activation()).threads(threads)
                .adaptiveThreads(adaptive);
        model.seed(settings.seed());
        model.compile("sparse_categorical_crossentropy", "adam", "accuracy");
        return model;
    }

    private static long fitNanos(Sequential model, Tensor x, int[] labels, FitOptions options) {
        long start = System.nanoTime();
        model.fit(x, labels, options);
        return System.nanoTime() - start;
    }

    private static double samplesPerSecond(Sequential model, Tensor x, int[] labels, FitOptions round, int epochs) {
        return (double) epochs * x.rows() / (fitNanos(model, x, labels, round) / 1e9);
    }

    /** Whether both lists hold the same floats, compared as bits (so NaN payloads and −0 count). */
    static boolean sameBits(List<float[]> a, List<float[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i);
            float[] y = b.get(i);
            if (x.length != y.length) {
                return false;
            }
            for (int j = 0; j < x.length; j++) {
                if (Float.floatToRawIntBits(x[j]) != Float.floatToRawIntBits(y[j])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The summary: medians, spreads and the weight check. */
    static String report(Result result) {
        double[] ones = sorted(result, Round::oneThread);
        double[] manys = sorted(result, Round::manyThreads);
        double[] ratios = sorted(result, Round::ratio);
        double[] adaptives = sorted(result, Round::adaptive);
        double[] adaptiveRatios = sorted(result, Round::adaptiveRatio);
        double[] trips = sorted(result, Round::roundTripNanos);
        String many = result.threads() + " threads";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s, batch %d: %d rounds of %d epochs × %d steps per copy, in turn%n",
                result.model(), result.batchSize(), ratios.length, result.epochsPerRound(), result.stepsPerEpoch()));
        out.append(String.format(Locale.ROOT, "%-10s %12s %12s %9s %12s %9s%n", "", "1 thread", many, "ratio",
                "adaptive", "ratio"));
        int last = ones.length - 1;
        out.append(String.format(Locale.ROOT, "%-10s %12.0f %12.0f %8.3f× %12.0f %8.3f×%n", "median", median(ones),
                median(manys), median(ratios), median(adaptives), median(adaptiveRatios)));
        out.append(String.format(Locale.ROOT, "%-10s %12.0f %12.0f %8.3f× %12.0f %8.3f×%n", "min", ones[0], manys[0],
                ratios[0], adaptives[0], adaptiveRatios[0]));
        out.append(String.format(Locale.ROOT, "%-10s %12.0f %12.0f %8.3f× %12.0f %8.3f×%n", "max", ones[last],
                manys[last], ratios[last], adaptives[last], adaptiveRatios[last]));
        out.append(String.format(Locale.ROOT, "(samples/s; ratio = ÷ 1 thread, per round; adaptive: %s that run their"
                + " steps on 1 thread while that measures faster, %d of its %d steps)%n", many,
                result.stepsOnOneThread(), result.stepsTrained()));
        out.append(String.format(Locale.ROOT, "core-to-core round trip before each round: median %.0f ns (%.0f–%.0f)%n",
                median(trips), trips[0], trips[trips.length - 1]));
        out.append(String.format(Locale.ROOT, "weights after %d epochs each: %s%n", result.epochsEach(),
                result.weightsIdentical() ? "identical bit for bit" : "DIFFERENT between 1 thread and " + many + " (fixed or adaptive)"));
        return out.toString();
    }

    private static double[] sorted(Result result, ToDoubleFunction<Round> column) {
        return result.rounds().stream().mapToDouble(column).sorted().toArray();
    }

    /** The middle value of a sorted array, or the mean of the two middle ones. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
