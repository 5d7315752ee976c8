package dev.tensorlane.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code fit} returns, like Keras's {@code History}: each epoch's values under Keras's keys
 * ({@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy}), in epoch order.
 */
public final class History {

    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final List<Double> samplesPerSecond = new ArrayList<>();
    private final List<Integer> epochNumbers = new ArrayList<>();

    void record(int epoch, Map<String, Double> epochLogs, double throughput) {
        epochLogs.forEach((k, v) -> values.computeIfAbsent(k, key -> new ArrayList<>()).add(v));
        samplesPerSecond.add(throughput);
        epochNumbers.add(epoch);
    }

    /** Keras's {@code history.epoch}: the number (from 0) of each recorded epoch; a resumed fit starts past 0. */
    public List<Integer> epochNumbers() {
        return List.copyOf(epochNumbers);
    }

    /** Keras's {@code history.history}: key → one value per epoch (read-only). */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }

    /** The values of {@code key}, one per epoch. */
    public List<Double> get(String key) {
        List<Double> v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no '" + key + "' in this history; it has " + values.keySet());
        }
        return List.copyOf(v);
    }

    /** The last epoch's value of {@code key}. */
    public double last(String key) {
        List<Double> v = get(key);
        return v.get(v.size() - 1);
    }

    /** Number of epochs recorded. */
    public int epochs() {
        return samplesPerSecond.size();
    }

    /** Training throughput of each epoch, in samples per second. */
    public List<Double> samplesPerSecond() {
        return List.copyOf(samplesPerSecond);
    }
}
