package dev.tensorlane.bench;

/**
 * A {@code rows × cols} matrix shape as benchmarks take it in a {@code @Param}: {@code "256x100"}.
 *
 * @param rows the batch dimension (statistics of BatchNormalization run over it)
 * @param cols the feature dimension
 */
public record MatrixShape(int rows, int cols) {

    public MatrixShape {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("shape must be positive, got " + rows + "x" + cols);
        }
    }

    /** Parses {@code "ROWSxCOLS"}, e.g. {@code "4096x1024"}. */
    public static MatrixShape parse(String text) {
        String[] parts = text.trim().split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("shape must look like 256x100, got \"" + text + "\"");
        }
        try {
            return new MatrixShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shape must look like 256x100, got \"" + text + "\"", e);
        }
    }

    /** Number of elements, {@code rows · cols}. */
    public long elements() {
        return (long) rows * cols;
    }

    @Override
    public String toString() {
        return rows + "x" + cols;
    }
}
