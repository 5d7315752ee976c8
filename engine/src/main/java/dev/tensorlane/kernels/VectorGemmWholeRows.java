package dev.tensorlane.kernels;

import static dev.tensorlane.kernels.VectorKernels.F;
import static dev.tensorlane.kernels.VectorKernels.FB;
import static dev.tensorlane.kernels.VectorKernels.LANES;
import static dev.tensorlane.kernels.VectorKernels.ORDER;
import static dev.tensorlane.kernels.VectorKernels.SPECIES;
import static dev.tensorlane.kernels.VectorKernels.VBYTES;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;

/**
 * {@code C = Aᵀ·B} for a product whose rows are six to seven vectors wide, not so deep that B
 * leaves L2 ({@link #handles}): a weight gradient {@code dW = Xᵀ·dZ} of a 100-unit layer
 * (100×32×100 at batch 32, and 784×32×100 for the first layer, with 16 lanes; 100×256×100 at
 * batch 256). Whole rows of C at a time, each in seven accumulators, the seventh the row's last whole vector, which overlaps the sixth; each step of p
 * broadcasts the rows' elements of A's row p and loads B's row p once for all of them. One call
 * runs every group of its rows, so the per-call work (argument and segment checks) is paid once,
 * not per 4 × 3 tile, which matters when each tile has only k = 32 steps.
 * <ul>
 *   <li>Three rows (21 accumulators) where 32 vector registers hold them
 *       ({@link VectorGemm#WIDE_REGISTER_FILE}): each B load serves three FMAs. Against two rows:
 *       99×32×100 9.7 → 8.2 µs, 783×32×100 77.8 → 67.1 µs (same JVM, best of 40 × 2,000 calls).</li>
 *   <li>Two rows (14 accumulators) otherwise. Against the 4 × 3 column-major tiles
 *       ({@link VectorGemmLayoutTiles}): 100×32×100 11.9 → 9.9 µs, 784×32×100 92.7 → 77.8 µs,
 *       100×16×100 1.49×, 100×64×100 1.03×, 100×256×100 0.89× (so only up to k = 64).</li>
 * </ul>
 * Each element starts from 0 and gets its FMAs in p order, as in every other tile of a product
 * that does not accumulate: the same bits. The rows left over (fewer than a group) go to the
 * general tiles.
 */
final class VectorGemmWholeRows {

    /**
     * Deepest product taken three rows at a time: B (k rows of up to 112 floats, re-read by every
     * group) stays in a 1 MB L2. Against the general tiles: 100×128×100 1.20×, 100×256×100 1.15×,
     * 784×256×100 1.17×, 100×1000×100 1.16× (same JVM, best of 30 × 1,000 calls, same bits).
     */
    private static final int MAX_DEPTH_THREE_ROWS = 1024;
    /** Deepest product taken two rows at a time (100×256×100 ran at 0.89× of the general tiles). */
    private static final int MAX_DEPTH_TWO_ROWS = 64;
    /** Vectors per row of C. */
    private static final int ROW_VECTORS = 7;

    /** Whether {@code C = Aᵀ·B} with this depth and width runs here. */
    static boolean handles(int k, int n, boolean accumulate) {
        int maxDepth = VectorGemm.WIDE_REGISTER_FILE ? MAX_DEPTH_THREE_ROWS : MAX_DEPTH_TWO_ROWS;
        return !accumulate && k > 0 && k <= maxDepth && fitsWidth(n);
    }

    /** Whether rows of n floats are six to seven vectors (the methods below work at any depth). */
    static boolean fitsWidth(int n) {
        return n > (ROW_VECTORS - 1) * LANES && n <= ROW_VECTORS * LANES;
    }

    /**
     * Rows [rowFrom, rowTo) of {@code C = Aᵀ·B} ({@link #handles}) in groups of three or two rows
     * (see the class comment); returns the first row not done, fewer than a group before rowTo.
     */
    static int rowsColumnMajorA(MemorySegment a, int m, MemorySegment b, MemorySegment c, int k, int n,
                                int rowFrom, int rowTo) {
        if (VectorGemm.WIDE_REGISTER_FILE) {
            int end = rowTo - (rowTo - rowFrom) % 3;
            rowTriplesColumnMajorA(a, m, b, c, k, n, rowFrom, end);
            return end;
        }
        int end = rowTo - (rowTo - rowFrom) % 2;
        rowPairsColumnMajorA(a, m, b, c, k, n, rowFrom, end);
        return end;
    }

    /**
     * Rows [rowFrom, rowTo) of {@code C = Aᵀ·B}, A stored [k×m], B [k×n] ({@link #handles}), three
     * at a time; a multiple of three rows.
     */
    static void rowTriplesColumnMajorA(MemorySegment a, int m, MemorySegment b, MemorySegment c, int k, int n,
                                       int rowFrom, int rowTo) {
        for (int i = rowFrom; i < rowTo; i += 3) {
            rowTripleColumnMajorA(a, m, b, c, k, n, i);
        }
    }

    /**
     * Rows i, i + 1 and i + 2 of {@code C = Aᵀ·B}. A method per triple, not a loop over the triples
     * around the body: C2 then compiles the body once it has been called often enough, where the
     * loop's method reached C2 first by on-stack replacement and then again. In a first epoch of
     * {@code selu} on two threads (JFR's compilation events) C2 spent 88 ms on it instead of 739;
     * first epochs ran at 18,236–19,060 samples/s instead of 16,310–18,767 ({@code selu}) and
     * 16,772–19,594 instead of 15,218–18,000 ({@code bn}), three runs each alternated; and the
     * compiled products are faster too: 100×32×100 1.08–1.12×, 784×32×100 1.05–1.11×
     * ({@code GemmBench.seedModel}, two builds alternated twice).
     */
    private static void rowTripleColumnMajorA(MemorySegment a, int m, MemorySegment b, MemorySegment c, int k, int n,
                                              int i) {
        long aRow = (long) m * FB, bRow = (long) n * FB, last = (long) (n - LANES) * FB;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00, c06 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00, c16 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c24 = c00, c25 = c00, c26 = c00;
        long aOffset = (long) i * FB, bOffset = 0;
        for (int p = 0; p < k; p++, aOffset += aRow, bOffset += bRow) {
            FloatVector a0 = FloatVector.broadcast(SPECIES, a.get(F, aOffset));
            FloatVector a1 = FloatVector.broadcast(SPECIES, a.get(F, aOffset + FB));
            FloatVector a2 = FloatVector.broadcast(SPECIES, a.get(F, aOffset + 2 * FB));
            FloatVector bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
            c00 = a0.fma(bv, c00); c10 = a1.fma(bv, c10); c20 = a2.fma(bv, c20);
            bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER);
            c01 = a0.fma(bv, c01); c11 = a1.fma(bv, c11); c21 = a2.fma(bv, c21);
            bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 2 * VBYTES, ORDER);
            c02 = a0.fma(bv, c02); c12 = a1.fma(bv, c12); c22 = a2.fma(bv, c22);
            bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 3 * VBYTES, ORDER);
            c03 = a0.fma(bv, c03); c13 = a1.fma(bv, c13); c23 = a2.fma(bv, c23);
            bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 4 * VBYTES, ORDER);
            c04 = a0.fma(bv, c04); c14 = a1.fma(bv, c14); c24 = a2.fma(bv, c24);
            bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 5 * VBYTES, ORDER);
            c05 = a0.fma(bv, c05); c15 = a1.fma(bv, c15); c25 = a2.fma(bv, c25);
            bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset + last, ORDER);
            c06 = a0.fma(bv, c06); c16 = a1.fma(bv, c16); c26 = a2.fma(bv, c26);
        }
        // each row's overlapping last vector first: its lanes under the sixth vector hold the same sums
        long row0 = (long) i * bRow, row1 = row0 + bRow, row2 = row1 + bRow;
        c06.intoMemorySegment(c, row0 + last, ORDER);
        c00.intoMemorySegment(c, row0, ORDER);
        c01.intoMemorySegment(c, row0 + VBYTES, ORDER);
        c02.intoMemorySegment(c, row0 + 2 * VBYTES, ORDER);
        c03.intoMemorySegment(c, row0 + 3 * VBYTES, ORDER);
        c04.intoMemorySegment(c, row0 + 4 * VBYTES, ORDER);
        c05.intoMemorySegment(c, row0 + 5 * VBYTES, ORDER);
        c16.intoMemorySegment(c, row1 + last, ORDER);
        c10.intoMemorySegment(c, row1, ORDER);
        c11.intoMemorySegment(c, row1 + VBYTES, ORDER);
        c12.intoMemorySegment(c, row1 + 2 * VBYTES, ORDER);
        c13.intoMemorySegment(c, row1 + 3 * VBYTES, ORDER);
        c14.intoMemorySegment(c, row1 + 4 * VBYTES, ORDER);
        c15.intoMemorySegment(c, row1 + 5 * VBYTES, ORDER);
        c26.intoMemorySegment(c, row2 + last, ORDER);
        c20.intoMemorySegment(c, row2, ORDER);
        c21.intoMemorySegment(c, row2 + VBYTES, ORDER);
        c22.intoMemorySegment(c, row2 + 2 * VBYTES, ORDER);
        c23.intoMemorySegment(c, row2 + 3 * VBYTES, ORDER);
        c24.intoMemorySegment(c, row2 + 4 * VBYTES, ORDER);
        c25.intoMemorySegment(c, row2 + 5 * VBYTES, ORDER);
    }

    /**
     * Rows [rowFrom, rowTo) of {@code C = Aᵀ·B}, A stored [k×m], B [k×n] ({@link #handles}), two at
     * a time; an even number of rows.
     */
    static void rowPairsColumnMajorA(MemorySegment a, int m, MemorySegment b, MemorySegment c, int k, int n,
                                     int rowFrom, int rowTo) {
        long aRow = (long) m * FB, bRow = (long) n * FB, last = (long) (n - LANES) * FB;
        for (int i = rowFrom; i < rowTo; i += 2) {
            FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00, c06 = c00;
            FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00, c16 = c00;
            long aOffset = (long) i * FB, bOffset = 0;
            for (int p = 0; p < k; p++, aOffset += aRow, bOffset += bRow) {
                FloatVector a0 = FloatVector.broadcast(SPECIES, a.get(F, aOffset));
                FloatVector a1 = FloatVector.broadcast(SPECIES, a.get(F, aOffset + FB));
                FloatVector bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
                c00 = a0.fma(bv, c00); c10 = a1.fma(bv, c10);
                bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER);
                c01 = a0.fma(bv, c01); c11 = a1.fma(bv, c11);
                bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 2 * VBYTES, ORDER);
                c02 = a0.fma(bv, c02); c12 = a1.fma(bv, c12);
                bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 3 * VBYTES, ORDER);
                c03 = a0.fma(bv, c03); c13 = a1.fma(bv, c13);
                bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 4 * VBYTES, ORDER);
                c04 = a0.fma(bv, c04); c14 = a1.fma(bv, c14);
                bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 5 * VBYTES, ORDER);
                c05 = a0.fma(bv, c05); c15 = a1.fma(bv, c15);
                bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset + last, ORDER);
                c06 = a0.fma(bv, c06); c16 = a1.fma(bv, c16);
            }
            // the overlapping last vector first: its lanes under the sixth vector hold the same sums
            long row0 = (long) i * bRow, row1 = row0 + bRow;
            c06.intoMemorySegment(c, row0 + last, ORDER);
            c00.intoMemorySegment(c, row0, ORDER);
            c01.intoMemorySegment(c, row0 + VBYTES, ORDER);
            c02.intoMemorySegment(c, row0 + 2 * VBYTES, ORDER);
            c03.intoMemorySegment(c, row0 + 3 * VBYTES, ORDER);
            c04.intoMemorySegment(c, row0 + 4 * VBYTES, ORDER);
            c05.intoMemorySegment(c, row0 + 5 * VBYTES, ORDER);
            c16.intoMemorySegment(c, row1 + last, ORDER);
            c10.intoMemorySegment(c, row1, ORDER);
            c11.intoMemorySegment(c, row1 + VBYTES, ORDER);
            c12.intoMemorySegment(c, row1 + 2 * VBYTES, ORDER);
            c13.intoMemorySegment(c, row1 + 3 * VBYTES, ORDER);
            c14.intoMemorySegment(c, row1 + 4 * VBYTES, ORDER);
            c15.intoMemorySegment(c, row1 + 5 * VBYTES, ORDER);
        }
    }

    private VectorGemmWholeRows() {
    }
}
