package dev.tensorlane.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code history.csv} that {@code CSVLogger} writes back into Keras's {@code history.history} shape. */
final class HistoryCsv {

    private HistoryCsv() {
    }

    /** Column → one value per row, in file order, without the {@code epoch} column. */
    static Map<String, List<Double>> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.getFirst().startsWith("epoch,")) {
            throw new IOException(file + ": line 1 must be the header 'epoch,...'");
        }
        String[] keys = lines.getFirst().split(",", -1);
        Map<String, List<Double>> history = new LinkedHashMap<>();
        for (int k = 1; k < keys.length; k++) {
            history.put(keys[k], new ArrayList<>());
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(",", -1);
            if (fields.length != keys.length) {
                throw new IOException(file + ": line " + (i + 1) + " has " + fields.length + " fields, the header " + keys.length);
            }
            for (int k = 1; k < keys.length; k++) {
                try {
                    history.get(keys[k]).add(Double.parseDouble(fields[k]));
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": line " + (i + 1) + ", column " + keys[k] + ": not a number: '" + fields[k] + "'");
                }
            }
        }
        return history;
    }
}
