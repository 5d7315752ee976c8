package dev.tensorlane.kernels;

import static dev.tensorlane.kernels.VectorKernels.F;
import static dev.tensorlane.kernels.VectorKernels.FB;
import static dev.tensorlane.kernels.VectorKernels.LANES;
import static dev.tensorlane.kernels.VectorKernels.ORDER;
import static dev.tensorlane.kernels.VectorKernels.SPECIES;
import static dev.tensorlane.kernels.VectorKernels.VBYTES;
import static dev.tensorlane.kernels.VectorKernels.add;
import static dev.tensorlane.kernels.VectorKernels.get;
import static dev.tensorlane.kernels.VectorKernels.set;
import static dev.tensorlane.kernels.VectorKernels.zero;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * {@link VectorKernels}' matrix products: {@code C = A·B + bias} and {@code C = Aᵀ·B} through one
 * register-tiled loop nest ({@link #gemm}); {@code C = A·Bᵀ} transposes operands into it
 * ({@link VectorKernels#matmulTransB}). Rows of C can be computed in any split
 * ({@link ParallelKernels}) with the same bits.
 */
final class VectorGemm {

    // GEMM tile: 4 rows × 3 vectors, 12 accumulators. Each step of p loads 3 vectors of B and
    // broadcasts 4 elements of Â for 12 FMAs, about 50 instructions in C2's code with a bounds
    // check on each access: C2 removes a segment's checks from a loop only when the offset grows
    // by a compile-time constant, and B's row stride is n. With 4-wide issue that is ~12 cycles
    // for 12 FMAs, about half the FMA ports' rate. VectorGemmLayoutTiles has the two main tiles
    // again for A·B and for Aᵀ·B, where Â's layout lets C2 drop or merge Â's checks (1.06–1.32×).
    // With B packed per panel to a constant stride as well, no check was left: 1.09× more before
    // counting the packing (32×100×96), 0.95× with it. Measured and not kept: 4×6 (24
    // accumulators): C1 gives up ("out of virtual registers"), and the method stays in C1's
    // tier-2 code at 0.9 GFLOP/s; 4×4 with the row's last vector as the fourth: reaches C2 but
    // runs at 0.4–0.5×; p unrolled by two: 0.4× (the row-major Â tile unrolled by two: 0.87–0.97×);
    // a deeper K_BLOCK (196 … 784) for 32×784×100: 0.98–1.02×. Tiles start from S (startRows):
    // the bias or a row of zeros, or C; a flag per tile choosing zero or C had slowed the forms
    // that load C to 0.86–0.94×. With three rows the row's last vector does fit as a fourth
    // (tile3x3AndLast, twelve accumulators): 32×100×100 1.15× faster than 4×3 + a 4×1 panel for
    // the last 4 columns, same bits. Four rows of that (tile4x3AndLastRowMajorA) do fit in 32
    // registers when Â's rows are read at their own offsets and the tile starts from one repeated row:
    // 32×100×100 1.08×, 256×100×100 1.10×, 32×10×100 1.11× (same bits). Since those tiles need the
    // first k-block, K_BLOCK went from 128 to 1024, so that a 784-deep product is one block:
    // 32×784×100 1.15×, 256×784×100 1.03×, Aᵀ·B 784×256×100 1.06× and 100×256×100 1.12× (two
    // builds in one JVM, best of 30 × 1,000 calls, same bits).
    /** GEMM: rows of C per micro-tile. */
    static final int TILE_ROWS = 4;
    /**
     * Whether the register file holds 32 vectors, as with 512-bit vectors preferred (AVX-512): then
     * row-major Â takes {@link VectorGemmLayoutTiles#tile4x3AndLastRowMajorA} (sixteen accumulators)
     * before tiles of three rows, and shallow Aᵀ·B takes {@link VectorGemmWholeRows} three rows at a
     * time (21 accumulators) instead of two. With 16 registers those would spill.
     */
    static final boolean WIDE_REGISTER_FILE = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    /** GEMM: columns of C per micro-tile (three vectors). */
    private static final int TILE_COLS = 3 * LANES;
    /** GEMM: depth of one k-block, so a B panel (K_BLOCK × TILE_COLS, at most 256 KB) stays in L2 across row tiles. */
    private static final int K_BLOCK = 1024;
    /** GEMM: widest C whose tiles can start from {@link #ZERO_ROW} instead of a zeroed C. */
    private static final int ZERO_ROW_FLOATS = 4096;
    /** GEMM: a row of zeros the tiles start from when C = A·B (read-only; global memory starts zeroed). */
    private static final MemorySegment ZERO_ROW = Arena.global().allocate(ZERO_ROW_FLOATS * FB, 64).asReadOnly();

    /** Rows [rowFrom, rowTo) of {@code C = (accumulate ? C : 0) + bias + A·B}. */
    static void matmulRows(MemorySegment a, MemorySegment b, MemorySegment bias, MemorySegment c,
                           int m, int k, int n, boolean accumulate, int rowFrom, int rowTo) {
        MemorySegment start = startRows(c, bias, k, n, accumulate, rowFrom, rowTo);
        gemm(a, k, 1, b, c, start, k, n, rowFrom, rowTo); // A[i][p] at i·k + p
    }

    /**
     * Rows [rowFrom, rowTo) of {@code C = (accumulate ? C : 0) + Aᵀ·B}; products six to seven vectors
     * wide and not too deep (the weight gradients) in {@link VectorGemmWholeRows}, the rows it leaves
     * here.
     */
    static void matmulTransARows(MemorySegment a, MemorySegment b, MemorySegment c,
                                 int m, int k, int n, boolean accumulate, int rowFrom, int rowTo) {
        if (VectorGemmWholeRows.handles(k, n, accumulate)) {
            rowFrom = VectorGemmWholeRows.rowsColumnMajorA(a, m, b, c, k, n, rowFrom, rowTo);
            if (rowFrom == rowTo) {
                return;
            }
        }
        MemorySegment start = startRows(c, null, k, n, accumulate, rowFrom, rowTo);
        gemm(a, 1, m, b, c, start, k, n, rowFrom, rowTo); // Aᵀ[i][p] = A[p][i] at p·m + i
    }

    /**
     * What the first k-block's tiles start their accumulators from: the bias row or a row of zeros
     * (row stride 0), so C is only written, never zeroed or filled with the bias first and read
     * back; or C itself (row stride n) when it accumulates, when k = 0 leaves no tile to write
     * it, or when a zero row would need more than {@link #ZERO_ROW_FLOATS}. Every element then
     * starts from the same value as before (0, the bias, or C), so the bits are the same.
     */
    private static MemorySegment startRows(MemorySegment c, MemorySegment bias, int k, int n, boolean accumulate,
                                           int rowFrom, int rowTo) {
        if (accumulate || k == 0 || (bias == null && n > ZERO_ROW_FLOATS)) {
            initializeOutput(c, bias, n, accumulate, rowFrom, rowTo);
            return c;
        }
        return bias != null ? bias : ZERO_ROW;
    }

    /** Rows [rowFrom, rowTo) of {@code C = (accumulate ? C : 0) + bias} (bias broadcast to each row, or nothing). */
    private static void initializeOutput(MemorySegment c, MemorySegment bias, int n, boolean accumulate,
                                         int rowFrom, int rowTo) {
        if (!accumulate && bias == null) {
            zero(c, (long) rowFrom * n * FB, (long) (rowTo - rowFrom) * n);
            return;
        }
        if (bias == null) {
            return;
        }
        for (int i = rowFrom; i < rowTo; i++) {
            long row = (long) i * n * FB;
            if (accumulate) {
                add(c, row, bias, 0, c, row, n);
            } else {
                MemorySegment.copy(bias, 0, c, row, n * FB);
            }
        }
    }

    /**
     * Rows [rowFrom, rowTo) of {@code C = S + Â·B} where {@code Â[i][p] = a[i·rowStride + p·depthStride]}:
     * k-blocks outside, then column panels (three vectors wide, then two where two are left
     * ({@link VectorGemmTwoVectors}), then one vector, then the last columns narrower than a
     * vector), then row tiles of four rows and single remaining rows.
     * When fewer than a vector of columns is left after the three-vector panels (n = 100 with
     * 16 or 8 lanes), the last panel takes the row's last whole vector as a fourth
     * ({@link #panelThreeVectorsAndLast}) instead of a panel of its own; in Aᵀ·B's first k-block
     * those columns run down the rows instead ({@link VectorGemmLayoutTiles#columnTailColumnMajorA}).
     * Every element of C gets the same operations in the same order whatever the row range, so
     * splitting rows between threads gives bit-identical results.
     */
    private static void gemm(MemorySegment a, long rowStride, long depthStride, MemorySegment b, MemorySegment c,
                             MemorySegment start, int k, int n, int rowFrom, int rowTo) {
        int fresh = n % TILE_COLS;
        boolean lastJoinsPanel = fresh > 0 && fresh < LANES && n >= TILE_COLS + LANES;
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(k, p0 + K_BLOCK);
            // the first k-block starts from `start`, the next ones from what the first wrote to C
            MemorySegment s = p0 == 0 ? start : c;
            long sRow = s == c ? n : 0; // the bias and the zero row are one row, repeated
            // Aᵀ·B starting from one repeated row: the last n mod LANES columns run down the rows
            boolean columnTail = rowStride == 1 && sRow == 0 && n % LANES != 0 && LANES >= TILE_ROWS;
            int j0 = 0;
            if (lastJoinsPanel && !columnTail) {
                for (; j0 + TILE_COLS + fresh < n; j0 += TILE_COLS) {
                    panelThreeVectors(a, rowStride, depthStride, b, c, s, sRow, n, j0, p0, p1, rowFrom, rowTo);
                }
                panelThreeVectorsAndLast(a, rowStride, depthStride, b, c, s, sRow, n, j0, fresh, p0, p1,
                        rowFrom, rowTo);
                continue;
            }
            for (; j0 + TILE_COLS <= n; j0 += TILE_COLS) {
                panelThreeVectors(a, rowStride, depthStride, b, c, s, sRow, n, j0, p0, p1, rowFrom, rowTo);
            }
            if (j0 + 2 * LANES <= n) {
                VectorGemmTwoVectors.panel(a, rowStride, depthStride, b, c, s, sRow, n, j0, p0, p1, rowFrom, rowTo);
                j0 += 2 * LANES;
            }
            for (; j0 + LANES <= n; j0 += LANES) {
                panelOneVector(a, rowStride, depthStride, b, c, s, sRow, n, j0, p0, p1, LANES, rowFrom, rowTo);
            }
            if (j0 == n) {
                continue;
            }
            // rows the column tail leaves (fewer than a vector of them), or all rows
            int i = columnTail
                    ? VectorGemmLayoutTiles.columnTailColumnMajorA(a, depthStride, b, c, s, n, j0, p0, p1, rowFrom, rowTo)
                    : rowFrom;
            if (n >= LANES) {
                panelLastVector(a, rowStride, depthStride, b, c, s, sRow, n, n - j0, p0, p1, i, rowTo);
            } else {
                panelOneVector(a, rowStride, depthStride, b, c, s, sRow, n, j0, p0, p1, n - j0, i, rowTo);
            }
        }
    }

    /**
     * The last {@code fresh} (< LANES) columns of C when C is at least one vector wide: a panel of
     * the row's last whole vector, columns [n − LANES, n). Its first LANES − fresh columns were
     * done by the panels before; those lanes are computed again and dropped by a blend, so the
     * loop has only whole-vector loads inside each row (no masks, no scalar edge) and every
     * column gets the same operations as in {@link #tile4x3}.
     */
    private static void panelLastVector(MemorySegment a, long rowStride, long depthStride, MemorySegment b,
                                        MemorySegment c, MemorySegment s, long sRow,
                                        int n, int fresh, int p0, int p1, int rowFrom, int rowTo) {
        long freshLanes = lastLanes(fresh);
        int i = rowFrom;
        for (; i + TILE_ROWS <= rowTo; i += TILE_ROWS) {
            tile4xLast(a, rowStride, depthStride, b, c, s, sRow, n, i, p0, p1, freshLanes);
        }
        for (; i < rowTo; i++) {
            tile1xLast(a, rowStride, depthStride, b, c, s, sRow, n, i, p0, p1, freshLanes);
        }
    }

    /** The lane bits of a vector's last {@code fresh} lanes (those a row's last vector adds to C). */
    private static long lastLanes(int fresh) {
        return ((1L << fresh) - 1) << (LANES - fresh);
    }

    /** Four rows of {@link #panelLastVector}: C[i+r][n−L..n) = S + Â·B on the lanes set in {@code freshLanes}. */
    private static void tile4xLast(MemorySegment a, long rowStride, long depthStride, MemorySegment b,
                                   MemorySegment c, MemorySegment s, long sRow,
                                   int n, int i, int p0, int p1, long freshLanes) {
        int j = n - LANES;
        long c0 = ((long) i * n + j) * FB;
        long s0 = ((long) i * sRow + j) * FB, sStep = sRow * FB;
        long cRow = n * FB;
        FloatVector c0v = FloatVector.fromMemorySegment(SPECIES, s, s0, ORDER);
        FloatVector c1v = FloatVector.fromMemorySegment(SPECIES, s, s0 + sStep, ORDER);
        FloatVector c2v = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * sStep, ORDER);
        FloatVector c3v = FloatVector.fromMemorySegment(SPECIES, s, s0 + 3 * sStep, ORDER);
        long aIndex = i * rowStride + p0 * depthStride;
        long bOffset = ((long) p0 * n + j) * FB;
        for (int p = p0; p < p1; p++, aIndex += depthStride, bOffset += cRow) {
            FloatVector bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
            c0v = FloatVector.broadcast(SPECIES, get(a, aIndex)).fma(bv, c0v);
            c1v = FloatVector.broadcast(SPECIES, get(a, aIndex + rowStride)).fma(bv, c1v);
            c2v = FloatVector.broadcast(SPECIES, get(a, aIndex + 2 * rowStride)).fma(bv, c2v);
            c3v = FloatVector.broadcast(SPECIES, get(a, aIndex + 3 * rowStride)).fma(bv, c3v);
        }
        VectorMask<Float> fresh = VectorMask.fromLong(SPECIES, freshLanes);
        FloatVector.fromMemorySegment(SPECIES, c, c0, ORDER).blend(c0v, fresh).intoMemorySegment(c, c0, ORDER);
        FloatVector.fromMemorySegment(SPECIES, c, c0 + cRow, ORDER).blend(c1v, fresh).intoMemorySegment(c, c0 + cRow, ORDER);
        FloatVector.fromMemorySegment(SPECIES, c, c0 + 2 * cRow, ORDER).blend(c2v, fresh).intoMemorySegment(c, c0 + 2 * cRow, ORDER);
        FloatVector.fromMemorySegment(SPECIES, c, c0 + 3 * cRow, ORDER).blend(c3v, fresh).intoMemorySegment(c, c0 + 3 * cRow, ORDER);
    }

    /** One row of {@link #panelLastVector}. */
    private static void tile1xLast(MemorySegment a, long rowStride, long depthStride, MemorySegment b,
                                   MemorySegment c, MemorySegment s, long sRow,
                                   int n, int i, int p0, int p1, long freshLanes) {
        int j = n - LANES;
        long c0 = ((long) i * n + j) * FB;
        long s0 = ((long) i * sRow + j) * FB;
        FloatVector acc = FloatVector.fromMemorySegment(SPECIES, s, s0, ORDER);
        long aIndex = i * rowStride + p0 * depthStride;
        long bOffset = ((long) p0 * n + j) * FB;
        for (int p = p0; p < p1; p++, aIndex += depthStride, bOffset += n * FB) {
            acc = FloatVector.broadcast(SPECIES, get(a, aIndex)).fma(FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER), acc);
        }
        FloatVector.fromMemorySegment(SPECIES, c, c0, ORDER).blend(acc, VectorMask.fromLong(SPECIES, freshLanes)).intoMemorySegment(c, c0, ORDER);
    }

    /**
     * Columns [j0, j0 + 3·LANES) and the last {@code fresh} (< LANES) columns of C, which follow
     * them: each tile row takes three vectors and the row's last whole vector, [n − LANES, n), whose
     * lanes before the fresh ones are dropped by a blend (as in {@link #panelLastVector}). A panel
     * of its own for those columns would broadcast each Â element for one FMA, and cost about a
     * third of the other panels' time for 4 of 100 columns; here the broadcast serves four FMAs.
     * Four vectors need tiles of three rows (twelve accumulators, like {@link #tile4x3}), or of four
     * for row-major Â starting from one repeated row where 32 vector registers hold sixteen
     * ({@link #WIDE_REGISTER_FILE}); the remaining rows take tiles of three, two and one.
     */
    private static void panelThreeVectorsAndLast(MemorySegment a, long rowStride, long depthStride, MemorySegment b,
                                                 MemorySegment c, MemorySegment s, long sRow, int n, int j0, int fresh,
                                                 int p0, int p1, int rowFrom, int rowTo) {
        long freshLanes = lastLanes(fresh);
        int i = rowFrom;
        if (depthStride == 1) {
            if (WIDE_REGISTER_FILE && sRow == 0) {
                for (; i + 4 <= rowTo; i += 4) {
                    VectorGemmLayoutTiles.tile4x3AndLastRowMajorA(a, rowStride, b, c, s, n, i, j0, p0, p1, freshLanes);
                }
            }
            for (; i + 3 <= rowTo; i += 3) {
                VectorGemmLayoutTiles.tile3x3AndLastRowMajorA(a, rowStride, b, c, s, sRow, n, i, j0, p0, p1,
                        freshLanes);
            }
        } else if (rowStride == 1) { // Aᵀ·B: depthStride is m
            for (; i + 3 <= rowTo && i + LANES <= depthStride; i += 3) {
                VectorGemmLayoutTiles.tile3x3AndLastColumnMajorA(a, depthStride, b, c, s, sRow, n, i, j0, p0, p1,
                        freshLanes);
            }
        }
        for (; i + 3 <= rowTo; i += 3) {
            tile3x3AndLast(a, rowStride, depthStride, b, c, s, sRow, n, i, j0, p0, p1, freshLanes);
        }
        if (i + 2 <= rowTo) {
            tile2x3AndLast(a, rowStride, depthStride, b, c, s, sRow, n, i, j0, p0, p1, freshLanes);
            i += 2;
        }
        if (i < rowTo) {
            tile1x3AndLast(a, rowStride, depthStride, b, c, s, sRow, n, i, j0, p0, p1, freshLanes);
        }
    }

    /**
     * C[i..i+3)[j..j+3L) and C[i..i+3)[n−L..n) = S + Â·B, the latter on the lanes set in
     * {@code freshLanes}: twelve accumulators, each step broadcasting three elements of Â against
     * four vectors of one row of B.
     */
    private static void tile3x3AndLast(MemorySegment a, long rowStride, long depthStride, MemorySegment b,
                                       MemorySegment c, MemorySegment s, long sRow,
                                       int n, int i, int j, int p0, int p1, long freshLanes) {
        long c0 = ((long) i * n + j) * FB;
        long s0 = ((long) i * sRow + j) * FB, sStep = sRow * FB;
        long cRow = n * FB;
        long last = (long) (n - LANES - j) * FB; // the row's last vector, from the tile's first column
        FloatVector c00 = FloatVector.fromMemorySegment(SPECIES, s, s0, ORDER);
        FloatVector c01 = FloatVector.fromMemorySegment(SPECIES, s, s0 + VBYTES, ORDER);
        FloatVector c02 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * VBYTES, ORDER);
        FloatVector c03 = FloatVector.fromMemorySegment(SPECIES, s, s0 + last, ORDER);
        FloatVector c10 = FloatVector.fromMemorySegment(SPECIES, s, s0 + sStep, ORDER);
        FloatVector c11 = FloatVector.fromMemorySegment(SPECIES, s, s0 + sStep + VBYTES, ORDER);
        FloatVector c12 = FloatVector.fromMemorySegment(SPECIES, s, s0 + sStep + 2 * VBYTES, ORDER);
        FloatVector c13 = FloatVector.fromMemorySegment(SPECIES, s, s0 + sStep + last, ORDER);
        FloatVector c20 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * sStep, ORDER);
        FloatVector c21 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * sStep + VBYTES, ORDER);
        FloatVector c22 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * sStep + 2 * VBYTES, ORDER);
        FloatVector c23 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * sStep + last, ORDER);
        long aIndex = i * rowStride + p0 * depthStride;
        long bOffset = ((long) p0 * n + j) * FB;
        for (int p = p0; p < p1; p++, aIndex += depthStride, bOffset += cRow) {
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 2 * VBYTES, ORDER);
            FloatVector b3 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + last, ORDER);
            FloatVector a0 = FloatVector.broadcast(SPECIES, get(a, aIndex));
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(SPECIES, get(a, aIndex + rowStride));
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(SPECIES, get(a, aIndex + 2 * rowStride));
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22); c23 = a2.fma(b3, c23);
        }
        // the three vectors first: the last vector's blend reads back the columns they wrote
        c00.intoMemorySegment(c, c0, ORDER);
        c01.intoMemorySegment(c, c0 + VBYTES, ORDER);
        c02.intoMemorySegment(c, c0 + 2 * VBYTES, ORDER);
        c10.intoMemorySegment(c, c0 + cRow, ORDER);
        c11.intoMemorySegment(c, c0 + cRow + VBYTES, ORDER);
        c12.intoMemorySegment(c, c0 + cRow + 2 * VBYTES, ORDER);
        c20.intoMemorySegment(c, c0 + 2 * cRow, ORDER);
        c21.intoMemorySegment(c, c0 + 2 * cRow + VBYTES, ORDER);
        c22.intoMemorySegment(c, c0 + 2 * cRow + 2 * VBYTES, ORDER);
        VectorMask<Float> fresh = VectorMask.fromLong(SPECIES, freshLanes);
        FloatVector.fromMemorySegment(SPECIES, c, c0 + last, ORDER).blend(c03, fresh).intoMemorySegment(c, c0 + last, ORDER);
        FloatVector.fromMemorySegment(SPECIES, c, c0 + cRow + last, ORDER).blend(c13, fresh)
                .intoMemorySegment(c, c0 + cRow + last, ORDER);
        FloatVector.fromMemorySegment(SPECIES, c, c0 + 2 * cRow + last, ORDER).blend(c23, fresh)
                .intoMemorySegment(c, c0 + 2 * cRow + last, ORDER);
    }

    /** Two rows of {@link #tile3x3AndLast} (the rows left after its tiles of three). */
    private static void tile2x3AndLast(MemorySegment a, long rowStride, long depthStride, MemorySegment b,
                                       MemorySegment c, MemorySegment s, long sRow,
                                       int n, int i, int j, int p0, int p1, long freshLanes) {
        long c0 = ((long) i * n + j) * FB;
        long s0 = ((long) i * sRow + j) * FB, sStep = sRow * FB;
        long cRow = n * FB;
        long last = (long) (n - LANES - j) * FB;
        FloatVector c00 = FloatVector.fromMemorySegment(SPECIES, s, s0, ORDER);
        FloatVector c01 = FloatVector.fromMemorySegment(SPECIES, s, s0 + VBYTES, ORDER);
        FloatVector c02 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * VBYTES, ORDER);
        FloatVector c03 = FloatVector.fromMemorySegment(SPECIES, s, s0 + last, ORDER);
        FloatVector c10 = FloatVector.fromMemorySegment(SPECIES, s, s0 + sStep, ORDER);
        FloatVector c11 = FloatVector.fromMemorySegment(SPECIES, s, s0 + sStep + VBYTES, ORDER);
        FloatVector c12 = FloatVector.fromMemorySegment(SPECIES, s, s0 + sStep + 2 * VBYTES, ORDER);
        FloatVector c13 = FloatVector.fromMemorySegment(SPECIES, s, s0 + sStep + last, ORDER);
        long aIndex = i * rowStride + p0 * depthStride;
        long bOffset = ((long) p0 * n + j) * FB;
        for (int p = p0; p < p1; p++, aIndex += depthStride, bOffset += cRow) {
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 2 * VBYTES, ORDER);
            FloatVector b3 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + last, ORDER);
            FloatVector a0 = FloatVector.broadcast(SPECIES, get(a, aIndex));
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(SPECIES, get(a, aIndex + rowStride));
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
        }
        c00.intoMemorySegment(c, c0, ORDER);
        c01.intoMemorySegment(c, c0 + VBYTES, ORDER);
        c02.intoMemorySegment(c, c0 + 2 * VBYTES, ORDER);
        c10.intoMemorySegment(c, c0 + cRow, ORDER);
        c11.intoMemorySegment(c, c0 + cRow + VBYTES, ORDER);
        c12.intoMemorySegment(c, c0 + cRow + 2 * VBYTES, ORDER);
        VectorMask<Float> fresh = VectorMask.fromLong(SPECIES, freshLanes);
        FloatVector.fromMemorySegment(SPECIES, c, c0 + last, ORDER).blend(c03, fresh).intoMemorySegment(c, c0 + last, ORDER);
        FloatVector.fromMemorySegment(SPECIES, c, c0 + cRow + last, ORDER).blend(c13, fresh)
                .intoMemorySegment(c, c0 + cRow + last, ORDER);
    }

    /** One row of {@link #tile3x3AndLast}. */
    private static void tile1x3AndLast(MemorySegment a, long rowStride, long depthStride, MemorySegment b,
                                       MemorySegment c, MemorySegment s, long sRow,
                                       int n, int i, int j, int p0, int p1, long freshLanes) {
        long c0 = ((long) i * n + j) * FB;
        long s0 = ((long) i * sRow + j) * FB;
        long bRow = n * FB;
        long last = (long) (n - LANES - j) * FB;
        FloatVector c00 = FloatVector.fromMemorySegment(SPECIES, s, s0, ORDER);
        FloatVector c01 = FloatVector.fromMemorySegment(SPECIES, s, s0 + VBYTES, ORDER);
        FloatVector c02 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * VBYTES, ORDER);
        FloatVector c03 = FloatVector.fromMemorySegment(SPECIES, s, s0 + last, ORDER);
        long aIndex = i * rowStride + p0 * depthStride;
        long bOffset = ((long) p0 * n + j) * FB;
        for (int p = p0; p < p1; p++, aIndex += depthStride, bOffset += bRow) {
            FloatVector a0 = FloatVector.broadcast(SPECIES, get(a, aIndex));
            c00 = a0.fma(FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER), c00);
            c01 = a0.fma(FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER), c01);
            c02 = a0.fma(FloatVector.fromMemorySegment(SPECIES, b, bOffset + 2 * VBYTES, ORDER), c02);
            c03 = a0.fma(FloatVector.fromMemorySegment(SPECIES, b, bOffset + last, ORDER), c03);
        }
        c00.intoMemorySegment(c, c0, ORDER);
        c01.intoMemorySegment(c, c0 + VBYTES, ORDER);
        c02.intoMemorySegment(c, c0 + 2 * VBYTES, ORDER);
        FloatVector.fromMemorySegment(SPECIES, c, c0 + last, ORDER).blend(c03, VectorMask.fromLong(SPECIES, freshLanes))
                .intoMemorySegment(c, c0 + last, ORDER);
    }

    private static void panelThreeVectors(MemorySegment a, long rowStride, long depthStride, MemorySegment b,
                                          MemorySegment c, MemorySegment s, long sRow,
                                          int n, int j0, int p0, int p1, int rowFrom, int rowTo) {
        int i = rowFrom;
        if (depthStride == 1) {
            for (; i + TILE_ROWS <= rowTo; i += TILE_ROWS) {
                VectorGemmLayoutTiles.tile4x3RowMajorA(a, rowStride, b, c, s, sRow, n, i, j0, p0, p1);
            }
        } else if (rowStride == 1 && LANES >= TILE_ROWS) { // Aᵀ·B: depthStride is m
            for (; i + TILE_ROWS <= rowTo && i + LANES <= depthStride; i += TILE_ROWS) {
                VectorGemmLayoutTiles.tile4x3ColumnMajorA(a, depthStride, b, c, s, sRow, n, i, j0, p0, p1);
            }
        }
        for (; i + TILE_ROWS <= rowTo; i += TILE_ROWS) {
            tile4x3(a, rowStride, depthStride, b, c, s, sRow, n, i, j0, p0, p1);
        }
        for (; i < rowTo; i++) {
            tile1x3(a, rowStride, depthStride, b, c, s, sRow, n, i, j0, p0, p1);
        }
    }

    private static void panelOneVector(MemorySegment a, long rowStride, long depthStride, MemorySegment b,
                                       MemorySegment c, MemorySegment s, long sRow, int n, int j0, int p0, int p1,
                                       int width, int rowFrom, int rowTo) {
        int i = rowFrom;
        if (depthStride == 1) {
            for (; i + TILE_ROWS <= rowTo; i += TILE_ROWS) {
                VectorGemmLayoutTiles.tile4x1RowMajorA(a, rowStride, b, c, s, sRow, n, i, j0, p0, p1, width);
            }
        }
        for (; i + TILE_ROWS <= rowTo; i += TILE_ROWS) {
            tile4x1(a, rowStride, depthStride, b, c, s, sRow, n, i, j0, p0, p1, width);
        }
        for (; i < rowTo; i++) {
            tile1x1(a, rowStride, depthStride, b, c, s, sRow, n, i, j0, p0, p1, width);
        }
    }

    /**
     * Micro-kernel: C[i..i+4)[j..j+3L) = S[i..i+4)[j..j+3L) + Σ_{p0≤p<p1} Â[i+r][p] · B[p][j..j+3L),
     * twelve accumulators, each step broadcasting four elements of Â against three vectors of one row
     * of B. S (rows {@code sRow} floats apart) is C itself, or in the first k-block of a product that
     * does not accumulate, the bias or a row of zeros with {@code sRow} = 0 (see {@link #startRows}).
     */
    private static void tile4x3(MemorySegment a, long rowStride, long depthStride, MemorySegment b,
                                MemorySegment c, MemorySegment s, long sRow, int n, int i, int j, int p0, int p1) {
        long c0 = ((long) i * n + j) * FB;
        long s0 = ((long) i * sRow + j) * FB, sStep = sRow * FB;
        long cRow = n * FB;
        FloatVector c00 = FloatVector.fromMemorySegment(SPECIES, s, s0, ORDER);
        FloatVector c01 = FloatVector.fromMemorySegment(SPECIES, s, s0 + VBYTES, ORDER);
        FloatVector c02 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * VBYTES, ORDER);
        FloatVector c10 = FloatVector.fromMemorySegment(SPECIES, s, s0 + sStep, ORDER);
        FloatVector c11 = FloatVector.fromMemorySegment(SPECIES, s, s0 + sStep + VBYTES, ORDER);
        FloatVector c12 = FloatVector.fromMemorySegment(SPECIES, s, s0 + sStep + 2 * VBYTES, ORDER);
        FloatVector c20 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * sStep, ORDER);
        FloatVector c21 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * sStep + VBYTES, ORDER);
        FloatVector c22 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * sStep + 2 * VBYTES, ORDER);
        FloatVector c30 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 3 * sStep, ORDER);
        FloatVector c31 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 3 * sStep + VBYTES, ORDER);
        FloatVector c32 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 3 * sStep + 2 * VBYTES, ORDER);
        long aIndex = i * rowStride + p0 * depthStride;
        long bOffset = ((long) p0 * n + j) * FB;
        for (int p = p0; p < p1; p++, aIndex += depthStride, bOffset += cRow) {
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 2 * VBYTES, ORDER);
            FloatVector a0 = FloatVector.broadcast(SPECIES, get(a, aIndex));
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(SPECIES, get(a, aIndex + rowStride));
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(SPECIES, get(a, aIndex + 2 * rowStride));
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(SPECIES, get(a, aIndex + 3 * rowStride));
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
        }
        c00.intoMemorySegment(c, c0, ORDER); c01.intoMemorySegment(c, c0 + VBYTES, ORDER); c02.intoMemorySegment(c, c0 + 2 * VBYTES, ORDER);
        c10.intoMemorySegment(c, c0 + cRow, ORDER);
        c11.intoMemorySegment(c, c0 + cRow + VBYTES, ORDER);
        c12.intoMemorySegment(c, c0 + cRow + 2 * VBYTES, ORDER);
        c20.intoMemorySegment(c, c0 + 2 * cRow, ORDER);
        c21.intoMemorySegment(c, c0 + 2 * cRow + VBYTES, ORDER);
        c22.intoMemorySegment(c, c0 + 2 * cRow + 2 * VBYTES, ORDER);
        c30.intoMemorySegment(c, c0 + 3 * cRow, ORDER);
        c31.intoMemorySegment(c, c0 + 3 * cRow + VBYTES, ORDER);
        c32.intoMemorySegment(c, c0 + 3 * cRow + 2 * VBYTES, ORDER);
    }

    /** Row tail of {@link #tile4x3}: one row of C, three vectors of columns. */
    private static void tile1x3(MemorySegment a, long rowStride, long depthStride, MemorySegment b,
                                MemorySegment c, MemorySegment s, long sRow, int n, int i, int j, int p0, int p1) {
        long c0 = ((long) i * n + j) * FB;
        long s0 = ((long) i * sRow + j) * FB;
        long bRow = n * FB;
        FloatVector c00 = FloatVector.fromMemorySegment(SPECIES, s, s0, ORDER);
        FloatVector c01 = FloatVector.fromMemorySegment(SPECIES, s, s0 + VBYTES, ORDER);
        FloatVector c02 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * VBYTES, ORDER);
        long aIndex = i * rowStride + p0 * depthStride;
        long bOffset = ((long) p0 * n + j) * FB;
        for (int p = p0; p < p1; p++, aIndex += depthStride, bOffset += bRow) {
            FloatVector a0 = FloatVector.broadcast(SPECIES, get(a, aIndex));
            c00 = a0.fma(FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER), c00);
            c01 = a0.fma(FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER), c01);
            c02 = a0.fma(FloatVector.fromMemorySegment(SPECIES, b, bOffset + 2 * VBYTES, ORDER), c02);
        }
        c00.intoMemorySegment(c, c0, ORDER);
        c01.intoMemorySegment(c, c0 + VBYTES, ORDER);
        c02.intoMemorySegment(c, c0 + 2 * VBYTES, ORDER);
    }

    /**
     * Column tail: C[i..i+4)[j..j+width) = S + Â·B for width ≤ one vector. The hot loop has no masked
     * memory access (C2 inlines a masked segment access into thousands of nodes, and with four of
     * them this method hit the inlining node limit and ran ~20× slower): it loads whole vectors of
     * B, whose lanes past {@code width} hold other columns and are dropped, and the accumulators
     * reach C lane by lane at the end.
     */
    private static void tile4x1(MemorySegment a, long rowStride, long depthStride, MemorySegment b,
                                MemorySegment c, MemorySegment s, long sRow,
                                int n, int i, int j, int p0, int p1, int width) {
        FloatVector c0v = FloatVector.zero(SPECIES), c1v = c0v, c2v = c0v, c3v = c0v;
        long aIndex = i * rowStride + p0 * depthStride;
        long bRow = n * FB;
        long bOffset = ((long) p0 * n + j) * FB;
        int pVector = rowsInsideB(b, n, j, p0, p1);
        for (int p = p0; p < pVector; p++, aIndex += depthStride, bOffset += bRow) {
            FloatVector bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
            c0v = FloatVector.broadcast(SPECIES, get(a, aIndex)).fma(bv, c0v);
            c1v = FloatVector.broadcast(SPECIES, get(a, aIndex + rowStride)).fma(bv, c1v);
            c2v = FloatVector.broadcast(SPECIES, get(a, aIndex + 2 * rowStride)).fma(bv, c2v);
            c3v = FloatVector.broadcast(SPECIES, get(a, aIndex + 3 * rowStride)).fma(bv, c3v);
        }
        float[] lanes = NARROW_LANES.get();
        c0v.intoArray(lanes, 0);
        c1v.intoArray(lanes, LANES);
        c2v.intoArray(lanes, 2 * LANES);
        c3v.intoArray(lanes, 3 * LANES);
        addNarrowTile(c, s, sRow, n, i, j, TILE_ROWS, width, lanes);
        scalarEdge(a, rowStride, depthStride, b, c, n, i, TILE_ROWS, j, width, pVector, p1);
    }

    /**
     * Per thread: a narrow tile's (or a column-tail block's) accumulators on their way to C, four
     * vectors (split calls run tiles on several threads).
     */
    static final ThreadLocal<float[]> NARROW_LANES = ThreadLocal.withInitial(() -> new float[TILE_ROWS * LANES]);

    /**
     * {@code C[i+r][j+q] = S[i+r][j+q] + lanes[r·LANES + q]} for r < rows, q < width: a narrow tile's
     * accumulators (written to {@code lanes} by {@code intoArray}, so no vector crosses a call).
     */
    static void addNarrowTile(MemorySegment c, MemorySegment s, long sRow, int n, int i, int j, int rows, int width,
                              float[] lanes) {
        for (int r = 0; r < rows; r++) {
            long cIndex = (long) (i + r) * n + j;
            long sIndex = (long) (i + r) * sRow + j;
            for (int q = 0; q < width; q++) {
                set(c, cIndex + q, get(s, sIndex + q) + lanes[r * LANES + q]);
            }
        }
    }

    /** Corner tail: one row of C, width ≤ one vector of columns; see {@link #tile4x1}. */
    private static void tile1x1(MemorySegment a, long rowStride, long depthStride, MemorySegment b,
                                MemorySegment c, MemorySegment s, long sRow,
                                int n, int i, int j, int p0, int p1, int width) {
        FloatVector acc = FloatVector.zero(SPECIES);
        long aIndex = i * rowStride + p0 * depthStride;
        long bRow = n * FB;
        long bOffset = ((long) p0 * n + j) * FB;
        int pVector = rowsInsideB(b, n, j, p0, p1);
        for (int p = p0; p < pVector; p++, aIndex += depthStride, bOffset += bRow) {
            acc = FloatVector.broadcast(SPECIES, get(a, aIndex)).fma(FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER), acc);
        }
        float[] lanes = NARROW_LANES.get();
        acc.intoArray(lanes, 0);
        addNarrowTile(c, s, sRow, n, i, j, 1, width, lanes);
        scalarEdge(a, rowStride, depthStride, b, c, n, i, 1, j, width, pVector, p1);
    }

    /**
     * End of the rows p in [p0, p1) whose full vector at column j lies inside B. The column-tail tiles
     * load whole vectors of B there (the lanes past the row's end hold the next row and are never
     * stored), so their hot loop has no masked loads: masked loads, and the slow path of one that
     * crosses the segment's end, made C2 hit its inlining node limit and run the tile ~20× slower.
     * The last row or two, where a whole vector would leave B, go to {@link #scalarEdge}.
     */
    static int rowsInsideB(MemorySegment b, int n, int j, int p0, int p1) {
        long lastRowWithRoom = Math.floorDiv(b.byteSize() / FB - j - LANES, n); // p·n + j + LANES <= size
        return (int) Math.max(p0, Math.min(p1, lastRowWithRoom + 1));
    }

    /** {@code C[i+r][j+q] += Σ_{p0≤p<p1} Â[i+r][p]·B[p][j+q]} for r < rows, q < width, in scalar code. */
    static void scalarEdge(MemorySegment a, long rowStride, long depthStride, MemorySegment b,
                           MemorySegment c, int n, int i, int rows, int j, int width, int p0, int p1) {
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < width; q++) {
                long cIndex = (long) (i + r) * n + j + q;
                float sum = get(c, cIndex);
                for (int p = p0; p < p1; p++) {
                    sum = Math.fma(get(a, (i + r) * rowStride + p * depthStride), get(b, (long) p * n + j + q), sum);
                }
                set(c, cIndex, sum);
            }
        }
    }

    private VectorGemm() {
    }
}
