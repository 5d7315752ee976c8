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
 * {@code C = Aᵀ·B} for a shallow product (k ≤ {@link #MAX_DEPTH}) whose rows are six to seven
 * vectors wide: a weight gradient {@code dW = Xᵀ·dZ} of a 100-unit layer at batch 32 (100×32×100,
 * and 784×32×100 for the first layer, with 16 lanes). Two rows of C at a time, each a whole row in
 * seven accumulators (fourteen in all), the seventh the row's last whole vector, which overlaps the
 * sixth; each step of p broadcasts the two elements of A's row p and loads B's row p once for
 * fourteen FMAs. One call runs every pair of its rows, so the per-call work (argument and segment
 * checks) is paid once, not per 4 × 3 tile, which matters when each tile has only k = 32 steps.
 * Against the 4 × 3 column-major tiles ({@link VectorGemmLayoutTiles}): 100×32×100 11.9 → 9.9 µs,
 * 784×32×100 92.7 → 77.8 µs, 100×16×100 1.49×, 100×64×100 1.03×, 100×256×100 0.89× (so only up to
 * k = 64); 32×100×100 and other deep products are faster with the 4 × 3 tiles (same JVM, best of 40
 * × 2,000 calls). Each element starts from 0 and gets its FMAs in p order, as in every other tile
 * of a product that does not accumulate: the same bits.
 */
final class VectorGemmRowPairs {

    /** Deepest product these tiles take. */
    static final int MAX_DEPTH = 64;
    /** Vectors per row of C. */
    private static final int ROW_VECTORS = 7;

    /** Whether {@code C = Aᵀ·B} with this depth and width runs here. */
    static boolean handles(int k, int n, boolean accumulate) {
        return !accumulate && k > 0 && k <= MAX_DEPTH && n > (ROW_VECTORS - 1) * LANES && n <= ROW_VECTORS * LANES;
    }

    /**
     * Rows [rowFrom, rowTo) of {@code C = Aᵀ·B}, A stored [k×m], B [k×n] ({@link #handles}); an even
     * number of rows.
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

    private VectorGemmRowPairs() {
    }
}
