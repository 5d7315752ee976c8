package dev.tensorlane.bench.report;

import dev.tensorlane.bench.OpCost;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Writes the Markdown report of one JMH run: roofline, every kernel, forward + backward against the targets. */
public final class MarkdownReport {

    /** The smallest possible allocation: an object header. */
    private static final int ALLOCATION_BYTES = 16;
    /** Ops per iteration above which JMH's few KB of per-iteration allocation fall below 16 B/op. */
    private static final double DECIDABLE_OPS_PER_ITERATION = 1000;

    private final JmhResults run;
    private final ResultIndex index;
    private final Roofline roofline;
    private final String command;
    private final String date;
    private final String chartFile;
    private final StringBuilder out = new StringBuilder();

    /**
     * @param run       the parsed JMH results
     * @param command   the command that produced them (for the header)
     * @param date      the run's date
     * @param chartFile the chart's file name next to the report, or null for none
     */
    public MarkdownReport(JmhResults run, String command, String date, String chartFile) {
        this.run = run;
        this.index = new ResultIndex(run.results());
        this.roofline = Roofline.from(run.results());
        this.command = command;
        this.date = date;
        this.chartFile = chartFile;
    }

    /** The whole report. */
    public String render() {
        out.setLength(0);
        header();
        targets();
        rooflineSection();
        kernelSection("BatchNormBench", "BatchNormalization kernels");
        kernelSection("SeluBench", "SELU kernels");
        gemmSection();
        trainStepSection();
        notes();
        return out.toString();
    }

    /** Only the forward + backward table with its roofline line (what README shows). */
    public String summaryTable() {
        out.setLength(0);
        forwardBackwardTable();
        return out.toString();
    }

    private void header() {
        out.append("# Tensorlane benchmark report\n\n");
        out.append("- Date: ").append(date).append('\n');
        out.append("- Command: `").append(command).append("`\n");
        out.append("- Machine: ").append(Machine.describe()).append('\n');
        out.append("- JVM: ").append(run.jvm()).append('\n');
        out.append("- JMH: ").append(run.settings()).append("; throughput mode, scores are ops/s ± the 99.9% "
                + "confidence half-width\n");
        out.append("- Bytes per op count each input read once and each output written once (compulsory "
                + "traffic); FLOPs count an FMA as 2 (see each benchmark's Javadoc)\n\n");
        if (chartFile != null) {
            out.append("![vector vs scalar, forward + backward](").append(chartFile).append(")\n\n");
        }
    }

    private void targets() {
        out.append("## Forward + backward against the targets\n\n");
        forwardBackwardTable();
        out.append('\n');
        allocationTarget();
    }

    private void forwardBackwardTable() {
        out.append("Roofline measured in this run: FMA peak ").append(Format.number(roofline.fmaGflops()))
                .append(" GFLOP/s per core, copy ").append(Format.number(roofline.copyGBs()))
                .append(" GB/s (read + write).\n\n");
        out.append("| layer | shape | vector M elements/s | scalar M elements/s | vector/scalar | PyTorch 1.13 M/s "
                + "| vs PyTorch (target ≥ 3×) | vector GB/s | of copy bandwidth |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ForwardBackward fb : ForwardBackward.from(index)) {
            out.append("| ").append(fb.layer()).append(" | ").append(fb.shape())
                    .append(" | ").append(Format.number(fb.vector() / 1e6))
                    .append(" | ").append(Format.number(fb.scalar() / 1e6))
                    .append(" | ").append(Format.ratio(fb.vector() / fb.scalar()))
                    .append(" | ").append(Format.number(fb.pytorch() / 1e6))
                    .append(" | ").append(Format.ratio(fb.vector() / fb.pytorch()))
                    .append(verdict(fb.vector() / fb.pytorch() >= PyTorchReference.TARGET_SPEEDUP))
                    .append(" | ").append(Format.number(fb.vectorGBs()))
                    .append(" | ").append(Format.percent(fb.vectorGBs() / roofline.copyGBs()))
                    .append(" |\n");
        }
        out.append("\nForward + backward is derived from the two kernels' scores: n / (1/forward + 1/backward); "
                + "bytes per element: 24 for BatchNormalization (x, y, xhat; dy, xhat, dx), 20 for SELU "
                + "(x, y; x, dy, dx). Targets: ≥ 3× PyTorch at every shape, ≥ ")
                .append(Format.percent(PyTorchReference.TARGET_BANDWIDTH_FRACTION))
                .append(" of copy bandwidth at 4096x1024, vector ≥ 4× scalar at 1024x1024.\n");
    }

    private static String verdict(boolean met) {
        return met ? " ✓" : " ✗";
    }

    /**
     * Any allocation costs at least 16 bytes (an object header), so a kernel allocates per op if
     * its best iteration shows 16 B/op or more. That is decidable only when an iteration ran
     * enough ops to dilute JMH's own few KB per iteration below 16 B/op; slower benchmarks are
     * listed as undecided rather than passed or failed.
     */
    private void allocationTarget() {
        List<String> allocating = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        int clean = 0;
        for (Result r : index.all()) {
            boolean kernel = r.suite().equals("BatchNormBench") || r.suite().equals("SeluBench")
                    || r.suite().equals("GemmBench");
            if (!kernel || Double.isNaN(r.minAllocPerOp())) {
                continue;
            }
            double opsPerIteration = r.score() * run.iterationSeconds();
            if (r.minAllocPerOp() >= ALLOCATION_BYTES && opsPerIteration >= DECIDABLE_OPS_PER_ITERATION) {
                allocating.add(label(r) + " " + Format.allocation(r) + " B/op");
            } else if (r.minAllocPerOp() >= ALLOCATION_BYTES) {
                undecided.add(label(r) + " " + Format.allocation(r) + " B/op at "
                        + Format.number(opsPerIteration) + " ops/iteration");
            } else {
                clean++;
            }
        }
        out.append("Allocation (target 0 B/op for every kernel benchmark): ").append(clean)
                .append(" kernel benchmarks allocated nothing per op (< ").append(ALLOCATION_BYTES)
                .append(" B/op in their best iteration)");
        if (!allocating.isEmpty()) {
            out.append("; allocating per op: ").append(String.join("; ", allocating));
        }
        if (!undecided.isEmpty()) {
            out.append("; too few ops per iteration to separate the kernel from JMH's per-iteration "
                    + "bookkeeping: ").append(String.join("; ", undecided));
        }
        out.append(".\n\n");
    }

    private void rooflineSection() {
        List<Result> results = index.suite("RooflineBench");
        if (results.isEmpty()) {
            return;
        }
        out.append("## Roofline (RooflineBench)\n\n| benchmark | ops/s | limit | B/op |\n|---|---:|---:|---:|\n");
        for (Result r : results) {
            String limit = r.method().equals("fmaPeak")
                    ? Format.number(roofline.fmaGflops()) + " GFLOP/s"
                    : Format.number(roofline.copyGBs()) + " GB/s";
            out.append("| ").append(r.method()).append(" | ").append(Format.score(r.score(), r.error()))
                    .append(" | ").append(limit).append(" | ").append(Format.allocation(r)).append(" |\n");
        }
        out.append('\n');
    }

    private void kernelSection(String suite, String title) {
        List<Result> results = index.suite(suite);
        if (results.isEmpty()) {
            return;
        }
        out.append("## ").append(title).append(" (").append(suite).append(")\n\n");
        out.append("| benchmark | shape | impl | ops/s | M elements/s | GB/s | of copy bandwidth | vector/scalar | B/op |\n");
        out.append("|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            OpCost cost = Costs.of(r).orElseThrow();
            double gbs = r.score() * cost.bytes() / 1e9;
            out.append("| ").append(methodLabel(r)).append(" | ").append(r.param("shape"))
                    .append(" | ").append(r.param("impl"))
                    .append(" | ").append(Format.score(r.score(), r.error()))
                    .append(" | ").append(Format.number(r.score() * cost.elements() / 1e6))
                    .append(" | ").append(Format.number(gbs))
                    .append(" | ").append(Format.percent(gbs / roofline.copyGBs()))
                    .append(" | ").append(Format.ratio(index.vectorOverScalar(r)))
                    .append(" | ").append(Format.allocation(r)).append(" |\n");
        }
        out.append('\n');
    }

    private void gemmSection() {
        List<Result> results = index.suite("GemmBench");
        if (results.isEmpty()) {
            return;
        }
        out.append("## GEMM (GemmBench)\n\n`ab` = A·B + bias (`matmul`), `atb` = Aᵀ·B (`matmulTransA`), "
                + "`abt` = A·Bᵀ (`matmulTransB`); sizes are M×K×N.\n\n");
        out.append("| case | impl | ops/s | GFLOP/s | of FMA peak | vector/scalar | B/op |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            OpCost cost = Costs.of(r).orElseThrow();
            double gflops = r.score() * cost.flops() / 1e9;
            String impl = r.param("impl").isEmpty() ? "vector" : r.param("impl");
            int threads = r.param("threads").isEmpty() ? 1 : Integer.parseInt(r.param("threads"));
            if (threads > 1) {
                impl += ", " + threads + " threads";
            }
            out.append("| ").append(r.param("gemm")).append(" | ").append(impl)
                    .append(" | ").append(Format.score(r.score(), r.error()))
                    .append(" | ").append(Format.number(gflops))
                    .append(" | ").append(Format.percent(gflops / (roofline.fmaGflops() * threads)))
                    .append(" | ").append(Format.ratio(index.vectorOverScalar(r)))
                    .append(" | ").append(Format.allocation(r)).append(" |\n");
        }
        out.append('\n');
    }

    private void trainStepSection() {
        List<Result> results = index.suite("TrainStepBench");
        out.append("## Training step (TrainStepBench)\n\n");
        if (results.isEmpty()) {
            out.append("Not in this run. A training step needs about 5 s of warm-up before C2 has compiled "
                    + "it, so `./tensorlane bench --quick` leaves it out; `./tensorlane bench --filter "
                    + "TrainStepBench` measures it with the suite's own warm-up.\n\n");
            return;
        }
        out.append("Forward, loss, backward and Adam on one batch: `trainStep` is one `Sequential.trainOnBatch` "
                + "call (its step's weight updates done when it returns), `fitStep` one step of a `fit` epoch, "
                + "where each step's updates finish beside the next step's forward pass (its B/op includes the "
                + "epoch's own bookkeeping, shared by the epoch's steps).\n\n");
        out.append("| benchmark | model | batch | threads | steps/s | samples/s | B/op |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            double batch = Double.parseDouble(r.param("batch"));
            String threads = r.param("threads").isEmpty() ? "1" : r.param("threads");
            out.append("| ").append(r.method()).append(" | ").append(r.param("model")).append(" | ").append(r.param("batch"))
                    .append(" | ").append(threads)
                    .append(" | ").append(Format.score(r.score(), r.error()))
                    .append(" | ").append(Format.number(r.score() * batch))
                    .append(" | ").append(Format.allocation(r)).append(" |\n");
        }
        out.append('\n');
    }

    private void notes() {
        out.append("## Reading these numbers\n\n");
        out.append("- B/op is JMH's `gc.alloc.rate.norm` averaged over the measurement iterations, with the "
                + "least single iteration in parentheses when it differs. It includes JMH's own per-iteration "
                + "bookkeeping (a few KB per iteration, large per op only when ops are slow) and allocation "
                + "by code that C2 has not compiled yet (short warm-ups).\n");
        out.append("- \"of copy bandwidth\" divides compulsory bytes by the copy benchmark's bytes; data that "
                + "fits in the caches can exceed 100%.\n");
        out.append("- The kernel suites measure one thread, except GemmBench's 1024³ cases and TrainStepBench, "
                + "whose `threads` parameter (1, 2) measures the worker pool; \"of FMA peak\" then counts a peak per thread.\n");
    }

    private static String methodLabel(Result r) {
        String activation = r.param("activation");
        return activation.isEmpty() || activation.equals("selu") ? r.method() : r.method() + " (" + activation + ")";
    }

    /** {@code Suite.method(name=value, ...)}, parameters sorted by name. */
    private static String label(Result r) {
        return r.suite() + "." + r.method() + new TreeMap<>(r.params()).toString().replace('{', '(').replace('}', ')');
    }
}
