package dev.tensorlane.samples.plot;

import java.awt.Color;

/** Background and grid colours, after seaborn's styles. */
public enum ChartStyle {

    /** seaborn's {@code darkgrid}: grey-blue plot area, white grid lines, no frame. */
    DARKGRID(new Color(0xEA, 0xEA, 0xF2), Color.WHITE, null),
    /** seaborn's {@code whitegrid}: white plot area, light grey grid lines, grey frame. */
    WHITEGRID(Color.WHITE, new Color(0xDD, 0xDD, 0xDD), new Color(0xBB, 0xBB, 0xBB));

    final Color plotBackground;
    final Color grid;
    final Color frame; // null: no frame

    ChartStyle(Color plotBackground, Color grid, Color frame) {
        this.plotBackground = plotBackground;
        this.grid = grid;
        this.frame = frame;
    }
}
