package dev.tensorlane.bench.report;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Looks results up by suite, method and parameters (e.g. a vector result's scalar twin). */
public final class ResultIndex {

    private final List<Result> results;

    public ResultIndex(List<Result> results) {
        this.results = List.copyOf(results);
    }

    /** Every result, in run order. */
    public List<Result> all() {
        return results;
    }

    /**
     * The results of one suite: by method, then by size (a shape's or GEMM's element count), then
     * vector before scalar, then by the other parameters.
     */
    public List<Result> suite(String suite) {
        return results.stream().filter(r -> r.suite().equals(suite))
                .sorted(Comparator.comparing(Result::method)
                        .thenComparingLong(ResultIndex::size)
                        .thenComparing(r -> r.param("impl").equals("scalar"))
                        .thenComparing(r -> r.params().toString()))
                .toList();
    }

    private static long size(Result r) {
        long size = 1;
        for (String value : r.params().values()) {
            String dims = value.substring(value.indexOf(':') + 1);
            if (dims.matches("\\d+(x\\d+)+")) {
                for (String d : dims.split("x")) {
                    size *= Long.parseLong(d);
                }
            } else if (value.matches("\\d+")) {
                size *= Long.parseLong(value);
            }
        }
        return size;
    }

    /** The result of {@code suite.method} with exactly these parameters. */
    public Optional<Result> find(String suite, String method, Map<String, String> params) {
        return results.stream()
                .filter(r -> r.suite().equals(suite) && r.method().equals(method) && r.params().equals(params))
                .findFirst();
    }

    /** The result that differs from {@code r} only in parameter {@code name}, set to {@code value}. */
    public Optional<Result> twin(Result r, String name, String value) {
        Map<String, String> params = new HashMap<>(r.params());
        params.put(name, value);
        return find(r.suite(), r.method(), params);
    }

    /** Vector score over scalar score for a {@code vector} result; NaN otherwise or without its twin. */
    public double vectorOverScalar(Result r) {
        if (!r.param("impl").equals("vector")) {
            return Double.NaN;
        }
        return twin(r, "impl", "scalar").map(s -> r.score() / s.score()).orElse(Double.NaN);
    }
}
