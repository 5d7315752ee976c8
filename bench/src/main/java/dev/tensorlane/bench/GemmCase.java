package dev.tensorlane.bench;

/**
 * One GEMM of {@link GemmBench}, written {@code FORM:MxKxN}: {@code ab:32x784x100} is
 * {@code C[32×100] = A[32×784]·B[784×100] + bias}, {@code atb} is {@code Aᵀ·B} with A stored
 * {@code [K×M]}, {@code abt} is {@code A·Bᵀ} with B stored {@code [N×K]}.
 *
 * @param form {@code ab}, {@code atb} or {@code abt}
 * @param m    rows of C
 * @param k    the reduction depth
 * @param n    columns of C
 */
public record GemmCase(String form, int m, int k, int n) {

    public GemmCase {
        if (!form.equals("ab") && !form.equals("atb") && !form.equals("abt")) {
            throw new IllegalArgumentException("GEMM form must be ab, atb or abt, got \"" + form + "\"");
        }
        if (m <= 0 || k <= 0 || n <= 0) {
            throw new IllegalArgumentException("GEMM sizes must be positive, got " + m + "x" + k + "x" + n);
        }
    }

    /** Parses {@code "ab:32x784x100"}. */
    public static GemmCase parse(String text) {
        int colon = text.indexOf(':');
        String[] sizes = colon < 0 ? new String[0] : text.substring(colon + 1).split("x");
        if (sizes.length != 3) {
            throw new IllegalArgumentException("GEMM case must look like ab:32x784x100, got \"" + text + "\"");
        }
        try {
            return new GemmCase(text.substring(0, colon), Integer.parseInt(sizes[0]),
                    Integer.parseInt(sizes[1]), Integer.parseInt(sizes[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GEMM case must look like ab:32x784x100, got \"" + text + "\"", e);
        }
    }

    /**
     * {@code 2·m·k·n} FLOPs (plus {@code m·n} bias adds for {@code ab}); bytes: A, B and C once
     * ({@code 4·(m·k + k·n + m·n)}, plus the bias for {@code ab}); elements: {@code m·n}.
     */
    public OpCost cost() {
        long mn = (long) m * n;
        long flops = 2L * m * k * n + (form.equals("ab") ? mn : 0);
        long floats = (long) m * k + (long) k * n + mn + (form.equals("ab") ? n : 0);
        return new OpCost(mn, Float.BYTES * floats, flops);
    }

    @Override
    public String toString() {
        return form + ":" + m + "x" + k + "x" + n;
    }
}
