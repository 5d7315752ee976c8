package dev.tensorlane.callbacks;

import java.util.Locale;
import java.util.Map;

/**
 * Which value a callback watches and which way is better, as Keras decides it: in {@code auto}
 * mode a key containing {@code acc} is maximised and anything else minimised; an improvement
 * must beat the best value by more than {@code minDelta}.
 */
final class Monitor {

    enum Mode { AUTO, MIN, MAX }

    private final String key;
    private final boolean maximize;
    private final double minDelta;

    Monitor(String key, String mode, double minDelta) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("monitor must name a log key such as val_loss");
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("min_delta must be a non-negative number, got " + minDelta);
        }
        Mode parsed;
        try {
            parsed = Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode must be auto, min or max, got '" + mode + "'");
        }
        this.key = key;
        this.maximize = parsed == Mode.MAX || (parsed == Mode.AUTO && key.contains("acc"));
        this.minDelta = minDelta;
    }

    String key() {
        return key;
    }

    /** The worst possible value, to start from. */
    double initialBest() {
        return maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    boolean isImprovement(double current, double best) {
        return maximize ? current - minDelta > best : current + minDelta < best;
    }

    /** The monitored value in {@code logs}, or an error naming the keys there are. */
    double read(Map<String, Double> logs, String who) {
        Double value = logs.get(key);
        if (value == null) {
            throw new IllegalStateException(who + " monitors '" + key + "' but the logs have only " + logs.keySet()
                    + (key.startsWith("val_") ? " (pass validation data to fit)" : ""));
        }
        return value;
    }
}
