package dev.tensorlane.bench.report;

import dev.tensorlane.bench.BatchNormBench;
import dev.tensorlane.bench.GemmCase;
import dev.tensorlane.bench.MatrixShape;
import dev.tensorlane.bench.OpCost;
import dev.tensorlane.bench.RooflineBench;
import dev.tensorlane.bench.SeluBench;

import java.util.Optional;

/**
 * The per-op cost of a result, from the cost functions next to each benchmark (so the numbers
 * the report derives are the ones the benchmarks' Javadoc states). TrainStepBench has no cost
 * here: its unit of work is {@code batch} samples.
 */
public final class Costs {

    private Costs() {
    }

    /** The cost of one op of {@code result}, if its suite defines one. */
    public static Optional<OpCost> of(Result result) {
        return switch (result.suite()) {
            case "BatchNormBench" -> Optional.of(BatchNormBench.cost(result.method(), MatrixShape.parse(result.param("shape"))));
            case "SeluBench" -> Optional.of(SeluBench.cost(result.method(), MatrixShape.parse(result.param("shape"))));
            case "GemmBench" -> Optional.of(GemmCase.parse(result.param("gemm")).cost());
            case "RooflineBench" -> Optional.of(RooflineBench.cost(result.method()));
            default -> Optional.empty();
        };
    }
}
