package dev.tensorlane.kernels;

import static dev.tensorlane.kernels.VectorKernels.FB;
import static dev.tensorlane.kernels.VectorKernels.LANES;
import static dev.tensorlane.kernels.VectorKernels.ORDER;
import static dev.tensorlane.kernels.VectorKernels.SPECIES;
import static dev.tensorlane.kernels.VectorKernels.VBYTES;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;

/**
 * {@link VectorKernels}' transpose with 16-lane vectors: 16 × 16 blocks transposed in registers by
 * two-vector permutes ({@code selectFrom(v1, v2)}, one {@code vpermi2ps} each with AVX-512), the
 * last block of a row or column overlapping the one before it. With other species, or fewer than
 * 16 rows or columns, the whole transpose is scalar ({@link #handles}).
 *
 * <p>A block is transposed in four stages; the stage of distance d swaps, in every pair of rows
 * (r, r + d) with {@code r & d == 0}, the lanes {@code l & d != 0} of row r with the lanes
 * {@code l & d == 0} of row r + d (the off-diagonal d × d sub-blocks). After the stages of
 * distances 8, 4, 2 and 1, row r holds column r. The stages run in two passes of two (8 and 4 on
 * rows {i, i+4, i+8, i+12}, then 2 and 1 on rows {4g … 4g+3}) through a 1 KiB scratch block:
 * a method with all sixteen rows live is too big for C1's register allocator ("out of virtual
 * registers"), and such a method then never reaches C2 (measured in a throwaway harness).
 * 100 × 100, alone: 3.8 µs against 9.4 µs for the scalar kernel.
 */
final class VectorTranspose {

    /** Block side: the lane count this class is written for. */
    private static final int BLOCK = 16;

    // selectFrom(v1, v2) indices: 0…L−1 pick from v1, L…2L−1 from v2. For the stage of distance d,
    // LOW_d builds row r (its own lanes where l & d == 0, row r + d's lanes l − d elsewhere) and
    // HIGH_d row r + d (row r's lanes l + d where l & d == 0, its own lanes elsewhere).
    private static final FloatVector LOW_8 = stageIndices(8, false);
    private static final FloatVector HIGH_8 = stageIndices(8, true);
    private static final FloatVector LOW_4 = stageIndices(4, false);
    private static final FloatVector HIGH_4 = stageIndices(4, true);
    private static final FloatVector LOW_2 = stageIndices(2, false);
    private static final FloatVector HIGH_2 = stageIndices(2, true);
    private static final FloatVector LOW_1 = stageIndices(1, false);
    private static final FloatVector HIGH_1 = stageIndices(1, true);

    /** One scratch block per thread (split calls run blocks on several threads). */
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate((long) BLOCK * BLOCK * FB, 64));

    private static FloatVector stageIndices(int d, boolean high) {
        float[] indices = new float[LANES];
        for (int l = 0; l < LANES; l++) {
            boolean ownHalf = (l & d) == 0;
            indices[l] = high ? (ownHalf ? l + d : LANES + l) : (ownHalf ? l : LANES + l - d);
        }
        return FloatVector.fromArray(SPECIES, indices, 0);
    }

    /** Whether this species gets the block transpose: 16 lanes and at least one whole block. */
    static boolean handles(int rows, int colFrom, int colTo) {
        return LANES == BLOCK && rows >= BLOCK && colTo - colFrom >= BLOCK;
    }

    /**
     * {@code dst[j][i] = src[i][j]} for all source rows and the columns [colFrom, colTo), at least
     * 16 of each ({@link #handles}). When a side is not a multiple of 16, its last block starts 16
     * before the end and overlaps the one before it, whose elements it writes again with the same
     * values: no scalar edges (100 × 100 took 1.07× longer with them, 784 × 100 1.12×). Blocks go
     * down a band of 16 source columns, so dst is written 16 whole rows at a time, in order, not
     * 64 bytes in each of dst's rows per band of source rows: the same in a warm cache, and in a
     * training step, where dst (Wᵀ) is cold, {@code bn} ran 1.01× faster on two threads and 1.013×
     * on one (same-JVM A/B of {@code fit} epochs, both orders).
     */
    static void transposeBlocks(MemorySegment src, MemorySegment dst, int rows, int cols, int colFrom, int colTo) {
        MemorySegment scratch = SCRATCH.get();
        long srcRow = cols * FB;
        long dstRow = rows * FB;
        for (int j0 = colFrom; j0 < colTo; j0 += BLOCK) {
            int j = Math.min(j0, colTo - BLOCK);
            transposeBand(src, (long) j * FB, srcRow, dst, (long) j * rows * FB, dstRow, rows, scratch);
        }
    }

    /**
     * The blocks down one band of 16 source columns, from byte {@code srcColumn} of each source row,
     * into 16 whole rows of {@code dst} from byte {@code dstBand}. One method per band, not per block:
     * each call converts the eight float index vectors to permute indices and checks them (about 100
     * instructions, which C2 does not hoist out of a caller's loop); per block they had cost more
     * than the block's 64 permutes.
     */
    private static void transposeBand(MemorySegment src, long srcColumn, long srcRow, MemorySegment dst, long dstBand,
                                      long dstRow, int rows, MemorySegment scratch) {
        for (int i0 = 0; i0 < rows; i0 += BLOCK) {
            long top = Math.min(i0, rows - BLOCK); // the block's first source row
            long srcBase = srcColumn + top * srcRow;
            long dstBase = dstBand + top * FB;
            // stages 8 and 4 on rows {i, i+4, i+8, i+12}, into the scratch rows of the same numbers
            for (int i = 0; i < 4; i++) {
                long in = srcBase + i * srcRow;
                long out = i * VBYTES;
                FloatVector r0 = FloatVector.fromMemorySegment(SPECIES, src, in, ORDER);
                FloatVector r4 = FloatVector.fromMemorySegment(SPECIES, src, in + 4 * srcRow, ORDER);
                FloatVector r8 = FloatVector.fromMemorySegment(SPECIES, src, in + 8 * srcRow, ORDER);
                FloatVector r12 = FloatVector.fromMemorySegment(SPECIES, src, in + 12 * srcRow, ORDER);
                FloatVector s0 = LOW_8.selectFrom(r0, r8);
                FloatVector s8 = HIGH_8.selectFrom(r0, r8);
                FloatVector s4 = LOW_8.selectFrom(r4, r12);
                FloatVector s12 = HIGH_8.selectFrom(r4, r12);
                LOW_4.selectFrom(s0, s4).intoMemorySegment(scratch, out, ORDER);
                HIGH_4.selectFrom(s0, s4).intoMemorySegment(scratch, out + 4 * VBYTES, ORDER);
                LOW_4.selectFrom(s8, s12).intoMemorySegment(scratch, out + 8 * VBYTES, ORDER);
                HIGH_4.selectFrom(s8, s12).intoMemorySegment(scratch, out + 12 * VBYTES, ORDER);
            }
            // stages 2 and 1 on rows {g, g+1, g+2, g+3}, into dst
            for (int g = 0; g < BLOCK; g += 4) {
                long in = g * VBYTES;
                long out = dstBase + g * dstRow;
                FloatVector r0 = FloatVector.fromMemorySegment(SPECIES, scratch, in, ORDER);
                FloatVector r1 = FloatVector.fromMemorySegment(SPECIES, scratch, in + VBYTES, ORDER);
                FloatVector r2 = FloatVector.fromMemorySegment(SPECIES, scratch, in + 2 * VBYTES, ORDER);
                FloatVector r3 = FloatVector.fromMemorySegment(SPECIES, scratch, in + 3 * VBYTES, ORDER);
                FloatVector s0 = LOW_2.selectFrom(r0, r2);
                FloatVector s2 = HIGH_2.selectFrom(r0, r2);
                FloatVector s1 = LOW_2.selectFrom(r1, r3);
                FloatVector s3 = HIGH_2.selectFrom(r1, r3);
                LOW_1.selectFrom(s0, s1).intoMemorySegment(dst, out, ORDER);
                HIGH_1.selectFrom(s0, s1).intoMemorySegment(dst, out + dstRow, ORDER);
                LOW_1.selectFrom(s2, s3).intoMemorySegment(dst, out + 2 * dstRow, ORDER);
                HIGH_1.selectFrom(s2, s3).intoMemorySegment(dst, out + 3 * dstRow, ORDER);
            }
        }
    }

    private VectorTranspose() {
    }
}
