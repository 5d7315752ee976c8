package dev.tensorlane.bench;

import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** The operands of one {@link GemmCase}, filled from fixed seeds, and the kernel call that runs it. */
public final class GemmOperands implements AutoCloseable {

    private final GemmCase gemm;
    private final Kernels kernels;
    private final Arena arena = Arena.ofShared();
    final MemorySegment a;
    final MemorySegment b;
    final MemorySegment bias;
    final MemorySegment c;

    public GemmOperands(GemmCase gemm, Kernels kernels) {
        this.gemm = gemm;
        this.kernels = kernels;
        a = Segments.gaussian(arena, (long) gemm.m() * gemm.k(), 21);
        b = Segments.gaussian(arena, (long) gemm.k() * gemm.n(), 22);
        bias = Segments.gaussian(arena, gemm.n(), 23);
        c = Segments.zeros(arena, (long) gemm.m() * gemm.n());
    }

    /** Overwrites C (no accumulation) with the case's product; returns C. */
    public MemorySegment run() {
        int m = gemm.m();
        int k = gemm.k();
        int n = gemm.n();
        switch (gemm.form()) {
            case "ab" -> kernels.matmul(a, b, bias, c, m, k, n, false);
            case "atb" -> kernels.matmulTransA(a, b, c, m, k, n, false);
            default -> kernels.matmulTransB(a, b, c, m, k, n, false);
        }
        return c;
    }

    @Override
    public void close() {
        arena.close();
    }
}
