package dev.tensorlane.samples;

import dev.tensorlane.callbacks.LayerStatistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the rows of a {@code layer_stats.csv} that {@link LayerStatistics#toCsv()} wrote, so a resumed run keeps the earlier epochs. */
final class LayerStatsCsv {

    private static final String HEADER = "epoch,depth,layer,class_name,activation_mean,activation_std,gradient_norm";

    private LayerStatsCsv() {
    }

    /** The rows of {@code file} for epochs before {@code beforeEpoch}; empty when the file does not exist. */
    static List<LayerStatistics.Row> read(Path file, int beforeEpoch) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.getFirst().equals(HEADER)) {
            throw new IOException(file + ": line 1 is not the header " + HEADER);
        }
        List<LayerStatistics.Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            try {
                if (f.length != 7) {
                    throw new IllegalArgumentException("expected 7 fields, got " + f.length);
                }
                LayerStatistics.Row row = new LayerStatistics.Row(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2], f[3],
                        Double.parseDouble(f[4]), Double.parseDouble(f[5]), f[6].isEmpty() ? Double.NaN : Double.parseDouble(f[6]));
                if (row.epoch() < beforeEpoch) {
                    rows.add(row);
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }
}
