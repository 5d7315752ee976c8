package dev.tensorlane.kernels;

import static dev.tensorlane.kernels.VectorKernels.F;
import static dev.tensorlane.kernels.VectorKernels.FB;
import static dev.tensorlane.kernels.VectorKernels.LANES;
import static dev.tensorlane.kernels.VectorKernels.ORDER;
import static dev.tensorlane.kernels.VectorKernels.SPECIES;
import static dev.tensorlane.kernels.VectorKernels.VBYTES;
import static dev.tensorlane.kernels.VectorKernels.get;
import static dev.tensorlane.kernels.VectorKernels.set;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * {@link VectorGemm}'s two main tiles (4 × 3 vectors, and 3 × 3 vectors plus the row's last one)
 * written for the layout of Â, where knowing it lets C2 drop the bounds checks on Â or replace
 * four of them by one. The general tiles compute {@code Â[i][p] = a[i·rowStride + p·depthStride]}
 * as an offset growing by {@code depthStride} per step, which C2 must check at every access.
 * <ul>
 *   <li>Row-major Â (A·B, depthStride 1): each of the tile's rows is read at that row's offset
 *       plus p floats, an offset growing by a constant. The rows were read through slices
 *       ({@code a.asSlice(row)}) until the fourteenth session, which on the earlier machine let C2
 *       remove the checks from the loop (33–37 instructions per step instead of about 50:
 *       32×100×96 1.32×, 32×100×100 1.10×); but where C2 did not inline {@code asSlice} ("low
 *       call site frequency": a 1024-deep loop per call) every call allocated its slices, 860 KB
 *       per 1024³ product, and on the Zen 5 machine the offsets ran faster: 32×100×100
 *       1.02–1.09×, 32×784×100 1.08–1.09×, 32×100×10 1.08–1.11× (GemmBench, two builds
 *       alternated twice), 1024³ alike.</li>
 *   <li>Column-major Â (Aᵀ·B, rowStride 1): the tile's rows at step p are adjacent floats of A's
 *       row p; one vector load takes them all (one check instead of four) and a lane permute
 *       ({@code rearrange}, one {@code vpermps}) broadcasts each: 784×32×100 1.07–1.10×,
 *       100×32×100 1.06×. The vector reaches LANES floats past the tile's first row, so the
 *       tile needs {@code i + LANES ≤ m}; the rows after that take the general tiles.</li>
 * </ul>
 * Each C element gets the same FMAs in the same order as in the general tiles: the same bits.
 */
final class VectorGemmLayoutTiles {

    // broadcasts of lanes 0…3 (clamped: a species of fewer lanes never gets these tiles)
    private static final VectorShuffle<Float> LANE_0 = VectorShuffle.fromOp(SPECIES, l -> 0);
    private static final VectorShuffle<Float> LANE_1 = VectorShuffle.fromOp(SPECIES, l -> Math.min(1, LANES - 1));
    private static final VectorShuffle<Float> LANE_2 = VectorShuffle.fromOp(SPECIES, l -> Math.min(2, LANES - 1));
    private static final VectorShuffle<Float> LANE_3 = VectorShuffle.fromOp(SPECIES, l -> Math.min(3, LANES - 1));

    /** {@link VectorGemm}'s 4 × 3 tile for row-major Â (A·B). */
    static void tile4x3RowMajorA(MemorySegment a, long rowStride, MemorySegment b, MemorySegment c,
                                 MemorySegment s, long sRow, int n, int i, int j, int p0, int p1) {
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
        long aRow = rowStride * FB;
        long a0o = i * aRow, a1o = a0o + aRow, a2o = a1o + aRow, a3o = a2o + aRow; // Â's rows i…i+3
        long bOffset = ((long) p0 * n + j) * FB;
        for (long ap = p0 * FB, apEnd = p1 * FB; ap < apEnd; ap += FB, bOffset += cRow) {
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 2 * VBYTES, ORDER);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a.get(F, a0o + ap));
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a.get(F, a1o + ap));
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a.get(F, a2o + ap));
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a.get(F, a3o + ap));
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

    /**
     * {@link VectorGemm}'s 4 × 1 column-tail tile ({@code tile4x1}: C[i..i+4)[j..j+width) for width ≤
     * one vector) for row-major Â, each of Â's rows read at its own offset as in
     * {@link #tile4x3RowMajorA}; the same arithmetic, accumulators from zero and S added at the end.
     * A 10-class output layer's forward, 32×100×10: 8.2 → 4.7–5.0 µs, 256×100×10 1.6× (the
     * general tile's time varied from 5.5 to 8.3 µs between JVMs); eight rows: 6.5 µs.
     */
    static void tile4x1RowMajorA(MemorySegment a, long rowStride, MemorySegment b, MemorySegment c,
                                 MemorySegment s, long sRow, int n, int i, int j, int p0, int p1, int width) {
        FloatVector c0v = FloatVector.zero(SPECIES), c1v = c0v, c2v = c0v, c3v = c0v;
        long aRow = rowStride * FB;
        long a0o = i * aRow, a1o = a0o + aRow, a2o = a1o + aRow, a3o = a2o + aRow; // Â's rows i…i+3
        long bRow = n * FB;
        long bOffset = ((long) p0 * n + j) * FB;
        int pVector = VectorGemm.rowsInsideB(b, n, j, p0, p1);
        for (long ap = p0 * FB, apEnd = pVector * FB; ap < apEnd; ap += FB, bOffset += bRow) {
            FloatVector bv = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
            c0v = FloatVector.broadcast(SPECIES, a.get(F, a0o + ap)).fma(bv, c0v);
            c1v = FloatVector.broadcast(SPECIES, a.get(F, a1o + ap)).fma(bv, c1v);
            c2v = FloatVector.broadcast(SPECIES, a.get(F, a2o + ap)).fma(bv, c2v);
            c3v = FloatVector.broadcast(SPECIES, a.get(F, a3o + ap)).fma(bv, c3v);
        }
        float[] lanes = VectorGemm.NARROW_LANES.get();
        c0v.intoArray(lanes, 0);
        c1v.intoArray(lanes, LANES);
        c2v.intoArray(lanes, 2 * LANES);
        c3v.intoArray(lanes, 3 * LANES);
        VectorGemm.addNarrowTile(c, s, sRow, n, i, j, VectorGemm.TILE_ROWS, width, lanes);
        VectorGemm.scalarEdge(a, rowStride, 1, b, c, n, i, VectorGemm.TILE_ROWS, j, width, pVector, p1);
    }

    /** {@link VectorGemm}'s 4 × 3 tile for column-major Â (Aᵀ·B, m = A's row length); needs i + LANES ≤ m. */
    static void tile4x3ColumnMajorA(MemorySegment a, long m, MemorySegment b, MemorySegment c, MemorySegment s,
                                    long sRow, int n, int i, int j, int p0, int p1) {
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
        long aOffset = ((long) p0 * m + i) * FB, aRow = m * FB;
        long bOffset = ((long) p0 * n + j) * FB;
        for (int p = p0; p < p1; p++, aOffset += aRow, bOffset += cRow) {
            FloatVector av = FloatVector.fromMemorySegment(SPECIES, a, aOffset, ORDER);
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 2 * VBYTES, ORDER);
            FloatVector a0 = av.rearrange(LANE_0);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            FloatVector a1 = av.rearrange(LANE_1);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            FloatVector a2 = av.rearrange(LANE_2);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            FloatVector a3 = av.rearrange(LANE_3);
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

    /** {@link VectorGemm}'s tile of 3 rows × (3 vectors + the row's last) for row-major Â (A·B). */
    static void tile3x3AndLastRowMajorA(MemorySegment a, long rowStride, MemorySegment b, MemorySegment c,
                                        MemorySegment s, long sRow, int n, int i, int j, int p0, int p1,
                                        long freshLanes) {
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
        long aRow = rowStride * FB;
        long a0o = i * aRow, a1o = a0o + aRow, a2o = a1o + aRow; // Â's rows i…i+2
        long bOffset = ((long) p0 * n + j) * FB;
        for (long ap = p0 * FB, apEnd = p1 * FB; ap < apEnd; ap += FB, bOffset += cRow) {
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 2 * VBYTES, ORDER);
            FloatVector b3 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + last, ORDER);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a.get(F, a0o + ap));
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a.get(F, a1o + ap));
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a.get(F, a2o + ap));
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

    /**
     * {@link VectorGemm}'s tile of 4 rows × (3 vectors + the row's last) for row-major Â (A·B),
     * starting from one repeated row of S (the bias or zeros: {@code sRow = 0}): sixteen
     * accumulators, four B vectors and a broadcast live at once, so only for a register file of 32
     * vectors ({@link VectorGemm#WIDE_REGISTER_FILE}). Each step's four B loads serve sixteen FMAs
     * instead of twelve: the whole product 32×100×100 1.08×, 256×100×100 1.10× against the build with
     * tiles of three rows (same JVM, best of 30 × 1,000 calls; same bits; see {@link VectorGemm}'s
     * comment for the 784-deep products). The repeated row is
     * loaded once for all four rows, and the last vector is stored under a mask: with sixteen loads
     * of S and blends instead, C1's profiling compile of the method (its OSR entry) failed with
     * "out of virtual registers in linear scan", which left it in C1's tier-2 code (1 GFLOP/s) in
     * three JVMs of four.
     */
    static void tile4x3AndLastRowMajorA(MemorySegment a, long rowStride, MemorySegment b, MemorySegment c,
                                        MemorySegment s, int n, int i, int j, int p0, int p1, long freshLanes) {
        long c0 = ((long) i * n + j) * FB;
        long cRow = n * FB;
        long last = (long) (n - LANES - j) * FB; // the row's last vector, from the tile's first column
        FloatVector c00 = FloatVector.fromMemorySegment(SPECIES, s, j * FB, ORDER);
        FloatVector c01 = FloatVector.fromMemorySegment(SPECIES, s, j * FB + VBYTES, ORDER);
        FloatVector c02 = FloatVector.fromMemorySegment(SPECIES, s, j * FB + 2 * VBYTES, ORDER);
        FloatVector c03 = FloatVector.fromMemorySegment(SPECIES, s, j * FB + last, ORDER);
        FloatVector c10 = c00, c11 = c01, c12 = c02, c13 = c03;
        FloatVector c20 = c00, c21 = c01, c22 = c02, c23 = c03;
        FloatVector c30 = c00, c31 = c01, c32 = c02, c33 = c03;
        long aRow = rowStride * FB;
        long a0o = i * aRow, a1o = a0o + aRow, a2o = a1o + aRow, a3o = a2o + aRow; // Â's rows i…i+3
        long bOffset = ((long) p0 * n + j) * FB;
        for (long ap = p0 * FB, apEnd = p1 * FB; ap < apEnd; ap += FB, bOffset += cRow) {
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 2 * VBYTES, ORDER);
            FloatVector b3 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + last, ORDER);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a.get(F, a0o + ap));
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a.get(F, a1o + ap));
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a.get(F, a2o + ap));
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22); c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a.get(F, a3o + ap));
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32); c33 = a3.fma(b3, c33);
        }
        c00.intoMemorySegment(c, c0, ORDER);
        c01.intoMemorySegment(c, c0 + VBYTES, ORDER);
        c02.intoMemorySegment(c, c0 + 2 * VBYTES, ORDER);
        c10.intoMemorySegment(c, c0 + cRow, ORDER);
        c11.intoMemorySegment(c, c0 + cRow + VBYTES, ORDER);
        c12.intoMemorySegment(c, c0 + cRow + 2 * VBYTES, ORDER);
        c20.intoMemorySegment(c, c0 + 2 * cRow, ORDER);
        c21.intoMemorySegment(c, c0 + 2 * cRow + VBYTES, ORDER);
        c22.intoMemorySegment(c, c0 + 2 * cRow + 2 * VBYTES, ORDER);
        c30.intoMemorySegment(c, c0 + 3 * cRow, ORDER);
        c31.intoMemorySegment(c, c0 + 3 * cRow + VBYTES, ORDER);
        c32.intoMemorySegment(c, c0 + 3 * cRow + 2 * VBYTES, ORDER);
        // the last vector's lanes before the fresh ones belong to the third vector, stored above
        VectorMask<Float> fresh = VectorMask.fromLong(SPECIES, freshLanes);
        c03.intoMemorySegment(c, c0 + last, ORDER, fresh);
        c13.intoMemorySegment(c, c0 + cRow + last, ORDER, fresh);
        c23.intoMemorySegment(c, c0 + 2 * cRow + last, ORDER, fresh);
        c33.intoMemorySegment(c, c0 + 3 * cRow + last, ORDER, fresh);
    }

    /**
     * {@link VectorGemm}'s tile of 3 rows × (3 vectors + the row's last) for column-major Â (Aᵀ·B);
     * needs i + LANES ≤ m.
     */
    static void tile3x3AndLastColumnMajorA(MemorySegment a, long m, MemorySegment b, MemorySegment c,
                                           MemorySegment s, long sRow, int n, int i, int j, int p0, int p1,
                                           long freshLanes) {
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
        long aOffset = ((long) p0 * m + i) * FB, aRow = m * FB;
        long bOffset = ((long) p0 * n + j) * FB;
        for (int p = p0; p < p1; p++, aOffset += aRow, bOffset += cRow) {
            FloatVector av = FloatVector.fromMemorySegment(SPECIES, a, aOffset, ORDER);
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + 2 * VBYTES, ORDER);
            FloatVector b3 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + last, ORDER);
            FloatVector a0 = av.rearrange(LANE_0);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
            FloatVector a1 = av.rearrange(LANE_1);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
            FloatVector a2 = av.rearrange(LANE_2);
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

    /** Columns of C per block of {@link #columnTailColumnMajorA}. */
    private static final int TAIL_GROUP = 4;

    /**
     * Aᵀ·B's last columns [j0, n), fewer than a vector, with the vectors running down C's rows
     * instead of across its columns: at step p the rows i … i+LANES−1 of Â are adjacent floats of
     * A's row p (one load), and each of up to four columns of B is one broadcast, so a block of
     * LANES rows × 4 columns costs one load, four broadcasts and four FMAs per step. Across the
     * columns, a C narrower than a vector (a 10-class output layer's dW, 100×32×10) took one
     * vector per row for 10 lanes plus a scalar edge: 17.5 → 6.9 µs (100×256×10 1.33×); for n =
     * 100 the last panel's three-row tiles become four-row ones: 100×256×100 1.04–1.05×, 32-row
     * products 1.00× (same JVM, best of 20 × 300 calls). Only for tiles that start from one
     * repeated row S ({@code sRow} = 0: the zero row), whose value each accumulator starts from;
     * each C element gets the same FMAs in the same order as in the other tiles: the same bits.
     *
     * @return the first row left to the caller: fewer than LANES rows remain
     */
    static int columnTailColumnMajorA(MemorySegment a, long m, MemorySegment b, MemorySegment c, MemorySegment s,
                                      int n, int j0, int p0, int p1, int rowFrom, int rowTo) {
        float[] lanes = VectorGemm.NARROW_LANES.get(); // TAIL_GROUP · LANES floats
        int i = rowFrom;
        for (; i + LANES <= rowTo; i += LANES) {
            for (int q = j0; q < n; q += TAIL_GROUP) {
                columnTailBlock(a, m, b, c, s, n, i, q, Math.min(TAIL_GROUP, n - q), p0, p1, lanes);
            }
        }
        return i;
    }

    /**
     * C[i..i+LANES)[q..q+width) = S[q..q+width) + Σ_p Â·B, width ≤ 4; a narrower group repeats its
     * last column in the unused accumulators and does not store them.
     */
    private static void columnTailBlock(MemorySegment a, long m, MemorySegment b, MemorySegment c, MemorySegment s,
                                        int n, int i, int q, int width, int p0, int p1, float[] lanes) {
        int q1 = q + Math.min(1, width - 1), q2 = q + Math.min(2, width - 1), q3 = q + Math.min(3, width - 1);
        FloatVector acc0 = FloatVector.broadcast(SPECIES, get(s, q));
        FloatVector acc1 = FloatVector.broadcast(SPECIES, get(s, q1));
        FloatVector acc2 = FloatVector.broadcast(SPECIES, get(s, q2));
        FloatVector acc3 = FloatVector.broadcast(SPECIES, get(s, q3));
        long aOffset = ((long) p0 * m + i) * FB, aRow = m * FB;
        long bRow = (long) p0 * n;
        for (int p = p0; p < p1; p++, aOffset += aRow, bRow += n) {
            FloatVector av = FloatVector.fromMemorySegment(SPECIES, a, aOffset, ORDER);
            acc0 = av.fma(FloatVector.broadcast(SPECIES, get(b, bRow + q)), acc0);
            acc1 = av.fma(FloatVector.broadcast(SPECIES, get(b, bRow + q1)), acc1);
            acc2 = av.fma(FloatVector.broadcast(SPECIES, get(b, bRow + q2)), acc2);
            acc3 = av.fma(FloatVector.broadcast(SPECIES, get(b, bRow + q3)), acc3);
        }
        acc0.intoArray(lanes, 0);
        acc1.intoArray(lanes, LANES);
        acc2.intoArray(lanes, 2 * LANES);
        acc3.intoArray(lanes, 3 * LANES);
        for (int r = 0; r < LANES; r++) {
            long row = (long) (i + r) * n + q;
            for (int t = 0; t < width; t++) {
                set(c, row + t, lanes[t * LANES + r]);
            }
        }
    }

    private VectorGemmLayoutTiles() {
    }
}
