package dev.tensorlane.samples.plot;

import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/** Point markers drawn on a line's data points (matplotlib's {@code marker=}). */
public enum Marker {
    NONE, CIRCLE, SQUARE, STAR;

    /** Draws the marker centred on (x, y) with the given size in pixels, filled in the current colour. */
    void draw(Graphics2D g, double x, double y, double size) {
        double r = size / 2;
        switch (this) {
            case NONE -> {
            }
            case CIRCLE -> g.fill(new Ellipse2D.Double(x - r, y - r, size, size));
            case SQUARE -> g.fill(new Rectangle2D.Double(x - r, y - r, size, size));
            case STAR -> g.fill(star(x, y, r));
        }
    }

    /** A five-pointed star: outer radius r, inner radius 0.4·r, first point up. */
    private static Path2D star(double cx, double cy, double r) {
        Path2D path = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double radius = i % 2 == 0 ? r : 0.4 * r;
            double angle = -Math.PI / 2 + i * Math.PI / 5;
            double px = cx + radius * Math.cos(angle);
            double py = cy + radius * Math.sin(angle);
            if (i == 0) {
                path.moveTo(px, py);
            } else {
                path.lineTo(px, py);
            }
        }
        path.closePath();
        return path;
    }
}
