package dev.tensorlane.bench.report;

import java.util.Map;

/**
 * One JMH result (a benchmark method at one parameter combination), as the report needs it.
 *
 * @param suite         the benchmark class's simple name, e.g. {@code BatchNormBench}
 * @param method        the benchmark method, e.g. {@code backward}
 * @param params        the {@code @Param} values
 * @param score         mean throughput in ops/s
 * @param error         half-width of JMH's 99.9% confidence interval, ops/s (NaN with one iteration)
 * @param allocPerOp    mean bytes allocated per op ({@code gc.alloc.rate.norm}); NaN without the gc profiler
 * @param minAllocPerOp the least bytes per op over the measurement iterations (the most warmed-up); NaN without it
 */
public record Result(String suite, String method, Map<String, String> params, double score, double error,
                     double allocPerOp, double minAllocPerOp) {

    /** The value of a parameter, or {@code ""} when the benchmark has none of that name. */
    public String param(String name) {
        return params.getOrDefault(name, "");
    }
}
