package dev.tensorlane.callbacks;

import dev.tensorlane.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keras's {@code CSVLogger(filename, append=False)}: one row per epoch, an {@code epoch} column
 * (from 0) then the logs' keys sorted, as Keras writes them. Each epoch rewrites the file
 * atomically, so a crash never leaves half a row. With {@code append} the rows of an existing
 * file are kept (a resumed run continues its history); its header must match.
 */
public final class CSVLogger implements Callback {

    private final Path file;
    private final boolean append;
    private final StringBuilder content = new StringBuilder();
    private List<String> keys;

    public CSVLogger(Path file) {
        this(file, false);
    }

    public CSVLogger(Path file, boolean append) {
        this.file = file;
        this.append = append;
    }

    @Override
    public void onTrainBegin(int epochs, int stepsPerEpoch, int samples) {
        content.setLength(0);
        keys = null;
        if (append && Files.exists(file)) {
            try {
                String existing = Files.readString(file, StandardCharsets.UTF_8);
                if (!existing.isEmpty()) {
                    content.append(existing);
                    if (!existing.endsWith("\n")) {
                        content.append('\n');
                    }
                    String header = existing.substring(0, existing.indexOf('\n') < 0 ? existing.length() : existing.indexOf('\n'));
                    List<String> columns = List.of(header.split(",", -1));
                    if (columns.isEmpty() || !columns.getFirst().equals("epoch")) {
                        throw new IllegalStateException("CSVLogger: " + file + " does not start with an 'epoch' column: " + header);
                    }
                    keys = columns.subList(1, columns.size());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("CSVLogger: cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, double samplesPerSecond) {
        Map<String, Double> sorted = new TreeMap<>(logs);
        if (keys == null) {
            keys = new ArrayList<>(sorted.keySet());
            content.append("epoch");
            keys.forEach(k -> content.append(',').append(k));
            content.append('\n');
        } else if (!keys.equals(new ArrayList<>(sorted.keySet()))) {
            throw new IllegalStateException("CSVLogger: " + file + " has columns " + keys + " but epoch " + epoch
                    + " logs " + sorted.keySet());
        }
        content.append(epoch);
        for (String k : keys) {
            content.append(',').append(sorted.get(k));
        }
        content.append('\n');
        try {
            AtomicFiles.writeString(file, content.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }
}
