package dev.tensorlane.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report derives elements/s, GB/s, ratios and allocation verdicts from a JMH JSON file. */
class ReportMainTest {

    @TempDir
    Path dir;

    @Test
    void writesReportSummaryAndChart() throws IOException {
        Path json = dir.resolve("jmh.json");
        Files.writeString(json, "[" + String.join(",",
                entry("RooflineBench.copyBandwidth", Map.of(), 50, 0),          // 50 · 512 MiB = 26.8 GB/s
                entry("RooflineBench.fmaPeak", Map.of(), 1000, 0),
                entry("BatchNormBench.forwardTraining", Map.of("impl", "vector", "shape", "32x100"), 200_000, 0),
                entry("BatchNormBench.backward", Map.of("impl", "vector", "shape", "32x100"), 200_000, 0),
                entry("BatchNormBench.forwardTraining", Map.of("impl", "scalar", "shape", "32x100"), 50_000, 0),
                entry("BatchNormBench.backward", Map.of("impl", "scalar", "shape", "32x100"), 50_000, 48),
                entry("TrainStepBench.fitStep", Map.of("model", "bn", "batch", "32", "threads", "2"), 800, 0)) + "]");
        ReportMain.run(json, dir.resolve("out"), "./tensorlane bench --quick");

        String report = Files.readString(dir.resolve("out/report.md"));
        // forward + backward: 3200 elements / (2 / 200,000 s) = 320 M elements/s, 4× PyTorch's 80 M
        assertTrue(report.contains("| BatchNormalization | 32x100 | 320.0 | 80.00 | 4.0× | 80.00 | 4.0× ✓ |"), report);
        assertTrue(report.contains("copy 26.84 GB/s"), report);
        assertTrue(report.contains("| fitStep | bn | 32 | 2 | "), report); // which training-step benchmark a row is
        assertTrue(report.contains("allocating per op: BatchNormBench.backward(impl=scalar, shape=32x100) 48 B/op"), report);
        assertTrue(report.contains("`./tensorlane bench --quick`"), report);
        assertTrue(Files.size(dir.resolve("out/chart.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("out/report-summary.md")).startsWith("Roofline measured"));
    }

    @Test
    void jsonReaderHandlesJmhValues() {
        Object value = Json.parse("{\"a\": [1, -2.5e3, NaN, \"x\\\"y\\u00e9\"], \"b\": {}, \"c\": null, \"d\": true}");
        Map<?, ?> map = (Map<?, ?>) value;
        List<?> a = (List<?>) map.get("a");
        assertEquals(-2500.0, a.get(1));
        assertTrue(Double.isNaN((Double) a.get(2)));
        assertEquals("x\"yé", a.get(3));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
    }

    @Test
    void parsesJmhTimeValues() {
        assertEquals(0.25, JmhResults.seconds("250 ms"), 1e-12);
        assertEquals(1.0, JmhResults.seconds("1 s"), 1e-12);
        assertTrue(Double.isNaN(JmhResults.seconds("soon")));
    }

    private static String entry(String benchmark, Map<String, String> params, double score, double bytesPerOp) {
        StringBuilder p = new StringBuilder();
        params.forEach((k, v) -> p.append(p.isEmpty() ? "" : ",").append('"').append(k).append("\":\"").append(v).append('"'));
        return String.format(Locale.ROOT, """
                {"jmhVersion":"1.37","benchmark":"dev.tensorlane.bench.%s","mode":"thrpt","threads":1,"forks":1,
                 "jdkVersion":"25.0.3","vmName":"OpenJDK 64-Bit Server VM","vmVersion":"25.0.3+9-LTS",
                 "warmupIterations":2,"warmupTime":"500 ms","measurementIterations":3,"measurementTime":"300 ms",
                 "params":{%s},
                 "primaryMetric":{"score":%f,"scoreError":NaN,"scoreUnit":"ops/s","rawData":[[%f]]},
                 "secondaryMetrics":{"gc.alloc.rate.norm":{"score":%f,"scoreError":NaN,"rawData":[[%f,%f]]}}}""",
                benchmark, p, score, score, bytesPerOp, bytesPerOp, bytesPerOp);
    }
}
