package dev.tensorlane.kernels;

import static dev.tensorlane.kernels.VectorKernels.F;
import static dev.tensorlane.kernels.VectorKernels.FB;
import static dev.tensorlane.kernels.VectorKernels.ORDER;
import static dev.tensorlane.kernels.VectorKernels.SPECIES;
import static dev.tensorlane.kernels.VectorKernels.VBYTES;
import static dev.tensorlane.kernels.VectorKernels.get;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;

/**
 * {@link VectorGemm}'s panel of C exactly two vectors wide, such as the whole of C when n = 32
 * with 16 lanes: Dense's input gradient taken as {@code dxᵀ = W·dzᵀ} at batch 32. As one-vector
 * panels, each step broadcast four Â elements for four FMAs (4 accumulators, about a quarter of
 * the FMA ports' rate: 100×100×32 in 25 µs); here a broadcast serves two FMAs, and with 32 vector
 * registers ({@link VectorGemm#WIDE_REGISTER_FILE}) six rows keep twelve accumulators (8.6 µs
 * with eight rows in a warm cache; six are faster still, see {@link #WIDE_ROWS}).
 * Every element of C starts from S and takes its FMAs in order of p, as in the three-vector tiles,
 * so the rows any tile computes have the same bits (splits between threads included).
 */
final class VectorGemmTwoVectors {

    /**
     * Rows of C per tile of the wide tile. Eight (sixteen accumulators) ran 1.10–1.17× slower: its
     * eight row slices (as Â's rows were then read) left too few of x86's 16 general registers,
     * and C2 reloaded their addresses from the stack at every step.
     */
    private static final int WIDE_ROWS = 6;

    /** Columns [j, j + 2·LANES) of rows [rowFrom, rowTo) of {@code C = S + Â·B} over the k-block [p0, p1). */
    static void panel(MemorySegment a, long rowStride, long depthStride, MemorySegment b, MemorySegment c,
                      MemorySegment s, long sRow, int n, int j, int p0, int p1, int rowFrom, int rowTo) {
        int i = rowFrom;
        if (depthStride == 1 && sRow == 0 && VectorGemm.WIDE_REGISTER_FILE) {
            for (; i + WIDE_ROWS <= rowTo; i += WIDE_ROWS) {
                tile6x2RowMajorA(a, rowStride, b, c, s, n, i, j, p0, p1);
            }
        }
        for (; i + VectorGemm.TILE_ROWS <= rowTo; i += VectorGemm.TILE_ROWS) {
            tile4x2(a, rowStride, depthStride, b, c, s, sRow, n, i, j, p0, p1);
        }
        for (; i < rowTo; i++) {
            tile1x2(a, rowStride, depthStride, b, c, s, sRow, n, i, j, p0, p1);
        }
    }

    /**
     * Six rows × two vectors for row-major Â (A·B) starting from one repeated row S (the bias or
     * zeros), twelve accumulators; each of Â's rows is read at its own offset plus an offset
     * growing by a constant (as in {@link VectorGemmLayoutTiles#tile4x3RowMajorA}). S is loaded once: in a first version of eight
     * rows with sixteen loads of S (any sRow), C1's profiling compile of the loop failed ("out of
     * virtual registers in linear scan") and the tile ran interpreted, as the four-row tile of
     * VectorGemmLayoutTiles once did.
     */
    private static void tile6x2RowMajorA(MemorySegment a, long rowStride, MemorySegment b, MemorySegment c,
                                         MemorySegment s, int n, int i, int j, int p0, int p1) {
        FloatVector c00 = FloatVector.fromMemorySegment(SPECIES, s, j * FB, ORDER), c10 = c00, c20 = c00,
                c30 = c00, c40 = c00, c50 = c00;
        FloatVector c01 = FloatVector.fromMemorySegment(SPECIES, s, j * FB + VBYTES, ORDER), c11 = c01, c21 = c01,
                c31 = c01, c41 = c01, c51 = c01;
        long aRow = rowStride * FB;
        long a0o = i * aRow, a1o = a0o + aRow, a2o = a1o + aRow, a3o = a2o + aRow, a4o = a3o + aRow, a5o = a4o + aRow;
        long bRow = n * FB;
        long bOffset = ((long) p0 * n + j) * FB;
        for (long ap = p0 * FB, apEnd = p1 * FB; ap < apEnd; ap += FB, bOffset += bRow) {
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a.get(F, a0o + ap));
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a.get(F, a1o + ap));
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a.get(F, a2o + ap));
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a.get(F, a3o + ap));
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a.get(F, a4o + ap));
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a.get(F, a5o + ap));
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
        }
        long c0 = ((long) i * n + j) * FB, cRow = n * FB;
        c00.intoMemorySegment(c, c0, ORDER); c01.intoMemorySegment(c, c0 + VBYTES, ORDER);
        c10.intoMemorySegment(c, c0 + cRow, ORDER); c11.intoMemorySegment(c, c0 + cRow + VBYTES, ORDER);
        c20.intoMemorySegment(c, c0 + 2 * cRow, ORDER); c21.intoMemorySegment(c, c0 + 2 * cRow + VBYTES, ORDER);
        c30.intoMemorySegment(c, c0 + 3 * cRow, ORDER); c31.intoMemorySegment(c, c0 + 3 * cRow + VBYTES, ORDER);
        c40.intoMemorySegment(c, c0 + 4 * cRow, ORDER); c41.intoMemorySegment(c, c0 + 4 * cRow + VBYTES, ORDER);
        c50.intoMemorySegment(c, c0 + 5 * cRow, ORDER); c51.intoMemorySegment(c, c0 + 5 * cRow + VBYTES, ORDER);
    }

    /** Four rows × two vectors, any layout of Â. */
    private static void tile4x2(MemorySegment a, long rowStride, long depthStride, MemorySegment b, MemorySegment c,
                                MemorySegment s, long sRow, int n, int i, int j, int p0, int p1) {
        long s0 = ((long) i * sRow + j) * FB, sStep = sRow * FB;
        FloatVector c00 = FloatVector.fromMemorySegment(SPECIES, s, s0, ORDER);
        FloatVector c01 = FloatVector.fromMemorySegment(SPECIES, s, s0 + VBYTES, ORDER);
        FloatVector c10 = FloatVector.fromMemorySegment(SPECIES, s, s0 + sStep, ORDER);
        FloatVector c11 = FloatVector.fromMemorySegment(SPECIES, s, s0 + sStep + VBYTES, ORDER);
        FloatVector c20 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * sStep, ORDER);
        FloatVector c21 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 2 * sStep + VBYTES, ORDER);
        FloatVector c30 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 3 * sStep, ORDER);
        FloatVector c31 = FloatVector.fromMemorySegment(SPECIES, s, s0 + 3 * sStep + VBYTES, ORDER);
        long aIndex = i * rowStride + p0 * depthStride;
        long bRow = n * FB;
        long bOffset = ((long) p0 * n + j) * FB;
        for (int p = p0; p < p1; p++, aIndex += depthStride, bOffset += bRow) {
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER);
            FloatVector a0 = FloatVector.broadcast(SPECIES, get(a, aIndex));
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, get(a, aIndex + rowStride));
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, get(a, aIndex + 2 * rowStride));
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, get(a, aIndex + 3 * rowStride));
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
        }
        long c0 = ((long) i * n + j) * FB, cRow = n * FB;
        c00.intoMemorySegment(c, c0, ORDER); c01.intoMemorySegment(c, c0 + VBYTES, ORDER);
        c10.intoMemorySegment(c, c0 + cRow, ORDER); c11.intoMemorySegment(c, c0 + cRow + VBYTES, ORDER);
        c20.intoMemorySegment(c, c0 + 2 * cRow, ORDER); c21.intoMemorySegment(c, c0 + 2 * cRow + VBYTES, ORDER);
        c30.intoMemorySegment(c, c0 + 3 * cRow, ORDER); c31.intoMemorySegment(c, c0 + 3 * cRow + VBYTES, ORDER);
    }

    /** One row × two vectors, any layout of Â. */
    private static void tile1x2(MemorySegment a, long rowStride, long depthStride, MemorySegment b, MemorySegment c,
                                MemorySegment s, long sRow, int n, int i, int j, int p0, int p1) {
        long s0 = ((long) i * sRow + j) * FB;
        FloatVector c00 = FloatVector.fromMemorySegment(SPECIES, s, s0, ORDER);
        FloatVector c01 = FloatVector.fromMemorySegment(SPECIES, s, s0 + VBYTES, ORDER);
        long aIndex = i * rowStride + p0 * depthStride;
        long bRow = n * FB;
        long bOffset = ((long) p0 * n + j) * FB;
        for (int p = p0; p < p1; p++, aIndex += depthStride, bOffset += bRow) {
            FloatVector a0 = FloatVector.broadcast(SPECIES, get(a, aIndex));
            c00 = a0.fma(FloatVector.fromMemorySegment(SPECIES, b, bOffset, ORDER), c00);
            c01 = a0.fma(FloatVector.fromMemorySegment(SPECIES, b, bOffset + VBYTES, ORDER), c01);
        }
        long c0 = ((long) i * n + j) * FB;
        c00.intoMemorySegment(c, c0, ORDER);
        c01.intoMemorySegment(c, c0 + VBYTES, ORDER);
    }

    private VectorGemmTwoVectors() {
    }
}
