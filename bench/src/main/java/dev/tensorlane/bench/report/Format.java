package dev.tensorlane.bench.report;

import java.util.Locale;

/** Number formatting for the report: a few significant digits, thousands separated. */
final class Format {

    private Format() {
    }

    /** {@code 12,345}, {@code 123.4}, {@code 1.234}; "–" for NaN. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "–";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** Score and its 99.9% error: {@code 1,234 ± 56}. */
    static String score(double score, double error) {
        return Double.isNaN(error) ? number(score) : number(score) + " ± " + number(error);
    }

    /** {@code 83%}; "–" for NaN. */
    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
    }

    /** {@code 5.3×}; "–" for NaN. */
    static String ratio(double ratio) {
        return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.1f×", ratio);
    }

    /** Allocated bytes per op: mean, and the least over iterations when it differs. */
    static String allocation(Result r) {
        if (Double.isNaN(r.allocPerOp())) {
            return "–";
        }
        String mean = String.format(Locale.ROOT, "%,.0f", r.allocPerOp());
        String min = String.format(Locale.ROOT, "%,.0f", r.minAllocPerOp());
        return mean.equals(min) ? mean : mean + " (" + min + ")";
    }
}
