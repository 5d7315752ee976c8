package dev.tensorlane.bench.report;

import dev.tensorlane.bench.OpCost;

import java.util.List;

/**
 * The machine's limits as RooflineBench measured them in the same run (NaN when the run did not
 * include them, e.g. with {@code --filter}).
 *
 * @param fmaGflops peak FMA throughput of one core, GFLOP/s
 * @param copyGBs   copy bandwidth of one core, GB/s (read + write)
 */
public record Roofline(double fmaGflops, double copyGBs) {

    /** Finds RooflineBench's results among {@code results}. */
    public static Roofline from(List<Result> results) {
        double fma = Double.NaN;
        double copy = Double.NaN;
        for (Result r : results) {
            if (!r.suite().equals("RooflineBench")) {
                continue;
            }
            OpCost cost = Costs.of(r).orElseThrow();
            if (r.method().equals("fmaPeak")) {
                fma = r.score() * cost.flops() / 1e9;
            } else if (r.method().equals("copyBandwidth")) {
                copy = r.score() * cost.bytes() / 1e9;
            }
        }
        return new Roofline(fma, copy);
    }
}
