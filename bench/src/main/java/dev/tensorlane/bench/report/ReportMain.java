package dev.tensorlane.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;

/**
 * Turns a JMH JSON result file into the Markdown report and the PNG chart:
 * {@code ReportMain RESULT.json OUTPUT_DIR [COMMAND...]} writes {@code OUTPUT_DIR/report.md},
 * {@code OUTPUT_DIR/report-summary.md} (the table README shows) and {@code OUTPUT_DIR/chart.png}.
 * The command words, if given, are quoted in the report's header.
 */
public final class ReportMain {

    private ReportMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ReportMain RESULT.json OUTPUT_DIR [COMMAND...]");
            System.exit(2);
        }
        try {
            run(Path.of(args[0]), Path.of(args[1]),
                    args.length > 2 ? String.join(" ", List.of(args).subList(2, args.length)) : "(not recorded)");
        } catch (IOException | RuntimeException e) {
            System.err.println("tensorlane bench report: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Reads the results and writes the report, its summary and the chart into {@code outputDir}. */
    public static void run(Path json, Path outputDir, String command) throws IOException {
        JmhResults results = JmhResults.read(json);
        if (results.results().isEmpty()) {
            throw new IOException(json + ": no benchmark results (did every benchmark fail?)");
        }
        Files.createDirectories(outputDir);
        String date = LocalDate.now().toString();
        Path chart = outputDir.resolve("chart.png");
        boolean charted = BenchChart.write(ForwardBackward.from(new ResultIndex(results.results())),
                date, chart);
        MarkdownReport report = new MarkdownReport(results, command, date, charted ? "chart.png" : null);
        writeAtomically(outputDir.resolve("report.md"), report.render());
        writeAtomically(outputDir.resolve("report-summary.md"), report.summaryTable());
        System.out.println("report: " + outputDir.resolve("report.md") + (charted ? ", chart: " + chart : ""));
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
