package dev.tensorlane.samples.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** "Nice" axis ticks: steps of 1, 2, 2.5 or 5 times a power of ten, about {@code target} of them. */
final class Ticks {

    private Ticks() {
    }

    static List<Double> between(double min, double max, int target) {
        double span = max - min;
        if (!(span > 0)) {
            return List.of(min);
        }
        double raw = span / Math.max(target, 1);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double factor : new double[]{1, 2, 2.5, 5, 10}) {
            if (factor * magnitude >= raw) {
                step = factor * magnitude;
                break;
            }
        }
        List<Double> ticks = new ArrayList<>();
        double first = Math.ceil(min / step - 1e-9) * step;
        for (double t = first; t <= max + step * 1e-9; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
        }
        return ticks;
    }

    /** A tick label with no more decimals than the step needs: {@code 0.5}, {@code 10}, {@code 2.5e+06}. */
    static String label(double value, List<Double> ticks) {
        double step = ticks.size() > 1 ? Math.abs(ticks.get(1) - ticks.get(0)) : Math.abs(value);
        if (step != 0 && (Math.abs(value) >= 1e6 || step < 1e-4)) {
            return String.format(Locale.ROOT, "%.2g", value);
        }
        int decimals = step == 0 ? 0 : Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (step != 0 && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals))) > 1e-6) {
            decimals++; // steps like 2.5 need one more decimal
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
