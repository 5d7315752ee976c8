package dev.tensorlane.bench.report;

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

    /** The results of one suite, in run order. */
    public List<Result> suite(String suite) {
        return results.stream().filter(r -> r.suite().equals(suite)).toList();
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
