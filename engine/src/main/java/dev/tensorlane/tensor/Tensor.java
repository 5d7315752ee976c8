package dev.tensorlane.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A float32 row-major tensor: a shape and a 64-byte-aligned native {@link MemorySegment}.
 *
 * <p>A tensor either owns its memory (made by {@link #zeros(int...)} or {@link #of(float[], int...)},
 * freed by {@link #close()}) or lives in an arena someone else owns (a model's workspace, made by
 * {@link #allocate(Arena, int...)}), in which case closing that arena frees it. Memory comes from
 * shared arenas, so worker threads may read and write it. Using a tensor after its memory is freed
 * throws {@link IllegalStateException}.
 */
public final class Tensor implements AutoCloseable {

    /** Alignment of every tensor's data: one cache line, and the widest vector (512 bits). */
    public static final long ALIGNMENT = 64;

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final int[] shape;
    private final long size;
    private final MemorySegment data;
    private final Arena ownArena; // null when another owner frees the memory

    private Tensor(int[] shape, MemorySegment data, Arena ownArena) {
        this.shape = shape;
        this.size = data.byteSize() / Float.BYTES;
        this.data = data;
        this.ownArena = ownArena;
    }

    /** A zero-filled tensor in {@code arena}, freed when that arena closes. */
    public static Tensor allocate(Arena arena, int... shape) {
        long size = checkedSize(shape);
        return new Tensor(shape.clone(), arena.allocate(Math.max(size, 1) * Float.BYTES, ALIGNMENT)
                .asSlice(0, size * Float.BYTES), null);
    }

    /** A zero-filled tensor that owns its memory; {@link #close()} frees it. */
    public static Tensor zeros(int... shape) {
        long size = checkedSize(shape);
        Arena arena = NativeMemory.newArena();
        MemorySegment data = arena.allocate(Math.max(size, 1) * Float.BYTES, ALIGNMENT).asSlice(0, size * Float.BYTES);
        return new Tensor(shape.clone(), data, arena);
    }

    /** A tensor that owns a copy of {@code values}, with the given shape. */
    public static Tensor of(float[] values, int... shape) {
        long size = checkedSize(shape);
        if (size != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " values but " + values.length + " were given");
        }
        Tensor t = zeros(shape);
        MemorySegment.copy(values, 0, t.data, FLOAT, 0, values.length);
        return t;
    }

    /** A view of {@code data} (which must hold exactly the shape's elements); the caller keeps ownership. */
    public static Tensor wrap(MemorySegment data, int... shape) {
        long size = checkedSize(shape);
        if (data.byteSize() != size * Float.BYTES) {
            throw new IllegalArgumentException("segment of " + data.byteSize() + " bytes cannot hold shape "
                    + Arrays.toString(shape) + " (" + size * Float.BYTES + " bytes)");
        }
        return new Tensor(shape.clone(), data, null);
    }

    private static long checkedSize(int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size = Math.multiplyExact(size, d);
        }
        return size;
    }

    /** The dimensions (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements. */
    public long size() {
        return size;
    }

    /** First dimension (the batch), or 1 for a scalar. */
    public int rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Elements per row: the product of every dimension after the first. */
    public int rowSize() {
        return shape.length == 0 ? 1 : (int) (size / Math.max(shape[0], 1));
    }

    /** The native memory, 64-byte aligned, {@code size() * 4} bytes. */
    public MemorySegment segment() {
        return data;
    }

    /** Element at flat (row-major) index {@code i}. */
    public float get(long i) {
        return data.getAtIndex(FLOAT, i);
    }

    /** Sets the element at flat index {@code i}. */
    public void set(long i, float value) {
        data.setAtIndex(FLOAT, i, value);
    }

    /** Element {@code [row][col]} of a tensor viewed as {@code [rows × rowSize]}. */
    public float get(int row, int col) {
        return data.getAtIndex(FLOAT, (long) row * rowSize() + col);
    }

    /** Copies every element into a new array (for tests and small results, not the hot path). */
    public float[] toArray() {
        return data.toArray(ValueLayout.JAVA_FLOAT);
    }

    /** Copies {@code values} into this tensor (they must be exactly {@code size()} long). */
    public void copyFrom(float[] values) {
        if (values.length != size) {
            throw new IllegalArgumentException("expected " + size + " values for shape " + Arrays.toString(shape)
                    + ", got " + values.length);
        }
        MemorySegment.copy(values, 0, data, FLOAT, 0, values.length);
    }

    /** Whether the memory is still usable. */
    public boolean isAlive() {
        return data.scope().isAlive();
    }

    /** Frees the memory if this tensor owns it; otherwise does nothing (its arena's owner frees it). */
    @Override
    public void close() {
        if (ownArena != null && ownArena.scope().isAlive()) {
            ownArena.close();
        }
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
