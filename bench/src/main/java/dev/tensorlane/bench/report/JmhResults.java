package dev.tensorlane.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a JMH JSON result file ({@code -rf json}) into {@link Result}s and the run's settings. */
public final class JmhResults {

    private final List<Result> results;
    private final String settings;
    private final String jvm;

    private final double iterationSeconds;

    private JmhResults(List<Result> results, String settings, String jvm, double iterationSeconds) {
        this.results = results;
        this.settings = settings;
        this.jvm = jvm;
        this.iterationSeconds = iterationSeconds;
    }

    /** Reads {@code file}; fails naming the file when it is not a JMH result array. */
    public static JmhResults read(Path file) throws IOException {
        Object root;
        try {
            root = Json.parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (!(root instanceof List<?> entries)) {
            throw new IOException(file + ": not a JMH result file (expected a JSON array)");
        }
        List<Result> results = new ArrayList<>();
        String settings = "";
        String jvm = "";
        double iterationSeconds = Double.NaN;
        for (Object entry : entries) {
            Map<?, ?> run = (Map<?, ?>) entry;
            results.add(toResult(run));
            if (settings.isEmpty()) {
                settings = number(run.get("forks")) + " fork(s), " + number(run.get("warmupIterations")) + " × "
                        + run.get("warmupTime") + " warm-up, " + number(run.get("measurementIterations")) + " × "
                        + run.get("measurementTime") + " measurement, " + number(run.get("threads")) + " thread";
                jvm = "JDK " + run.get("jdkVersion") + ", " + run.get("vmName") + " " + run.get("vmVersion")
                        + ", JMH " + run.get("jmhVersion");
                iterationSeconds = seconds(String.valueOf(run.get("measurementTime")));
            }
        }
        return new JmhResults(results, settings, jvm, iterationSeconds);
    }

    /** Every result, in the file's order. */
    public List<Result> results() {
        return results;
    }

    /** Forks, warm-up, measurement and threads of the first result (a run uses the same for all unless annotated otherwise). */
    public String settings() {
        return settings;
    }

    /** JDK, VM and JMH versions. */
    public String jvm() {
        return jvm;
    }

    /** Length of one measurement iteration in seconds (NaN if JMH wrote a form this does not know). */
    public double iterationSeconds() {
        return iterationSeconds;
    }

    /** Parses JMH's time values: {@code "250 ms"}, {@code "1 s"}, {@code "500 us"}, {@code "1 min"}. */
    static double seconds(String timeValue) {
        String[] parts = timeValue.trim().split("\\s+");
        if (parts.length != 2) {
            return Double.NaN;
        }
        double amount;
        try {
            amount = Double.parseDouble(parts[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        return switch (parts[1]) {
            case "ns" -> amount * 1e-9;
            case "us" -> amount * 1e-6;
            case "ms" -> amount * 1e-3;
            case "s" -> amount;
            case "min" -> amount * 60;
            case "hr" -> amount * 3600;
            default -> Double.NaN;
        };
    }

    private static Result toResult(Map<?, ?> run) {
        String benchmark = (String) run.get("benchmark");
        int dot = benchmark.lastIndexOf('.');
        String method = benchmark.substring(dot + 1);
        String className = benchmark.substring(0, dot);
        String suite = className.substring(className.lastIndexOf('.') + 1);
        Map<String, String> params = new LinkedHashMap<>();
        if (run.get("params") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
        }
        Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
        double alloc = Double.NaN;
        double minAlloc = Double.NaN;
        if (run.get("secondaryMetrics") instanceof Map<?, ?> secondary
                && secondary.get("gc.alloc.rate.norm") instanceof Map<?, ?> norm) {
            alloc = (Double) norm.get("score");
            minAlloc = minimum(norm.get("rawData"));
        }
        return new Result(suite, method, params, (Double) primary.get("score"), (Double) primary.get("scoreError"),
                alloc, minAlloc);
    }

    private static double minimum(Object rawData) {
        double min = Double.NaN;
        if (rawData instanceof List<?> forks) {
            for (Object fork : forks) {
                for (Object value : (List<?>) fork) {
                    double v = (Double) value;
                    min = Double.isNaN(min) ? v : Math.min(min, v);
                }
            }
        }
        return min;
    }

    private static String number(Object value) {
        return value instanceof Double d ? String.valueOf(d.longValue()) : String.valueOf(value);
    }
}
