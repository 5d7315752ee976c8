package dev.tensorlane.data;

import dev.tensorlane.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The IDX format of MNIST and Fashion-MNIST, unsigned-byte files only: big-endian, two zero
 * bytes, type code 0x08, the number of dimensions, the int32 dimensions, then the data.
 *
 * <p>Reading accepts gzip (recognised by its magic bytes 1f 8b, not by the file name) or raw
 * files, and checks the magic, the type code, the number of dimensions, that no dimension is
 * negative, that the data is at most 2^31 - 1 bytes, and that the file holds exactly the data the
 * dimensions declare. Memory is only allocated for data actually present. Every problem is an
 * {@link IdxFormatException} naming the file and the byte offset.
 */
public final class Idx {

    private Idx() {
    }

    /**
     * Reads an image file ({@code magic 0x00000803}: count, rows, columns) as a new float32 tensor
     * {@code [count, rows, cols]} of the raw pixel values 0..255. The caller owns the tensor.
     */
    public static Tensor readImages(Path file) throws IOException {
        IdxContent images = readImageContent(file);
        return images.toTensor(0, images.count());
    }

    /**
     * Reads a label file ({@code magic 0x00000801}: count) as its byte values 0..255; which values
     * are valid labels is for the dataset to check.
     */
    public static int[] readLabels(Path file) throws IOException {
        return readLabelContent(file).toUnsignedInts();
    }

    /**
     * As {@link #readImages(Path)} for the bytes of an IDX file (raw or gzip) already in memory;
     * {@code name} names them in errors.
     */
    public static Tensor readImages(byte[] bytes, String name) throws IOException {
        IdxContent images = IdxReader.read(bytes, Path.of(name), 3, "images: count, rows, columns");
        return images.toTensor(0, images.count());
    }

    /** As {@link #readLabels(Path)} for the bytes of an IDX file already in memory; {@code name} names them in errors. */
    public static int[] readLabels(byte[] bytes, String name) throws IOException {
        return IdxReader.read(bytes, Path.of(name), 1, "labels: count").toUnsignedInts();
    }

    /**
     * Writes {@code n} images of {@code rows × cols} unsigned-byte pixels ({@code pixels} holds
     * exactly {@code n * rows * cols} bytes, row-major) as an IDX file, gzip-compressed if asked.
     * The file is written under a temporary name in the same directory and renamed atomically.
     */
    public static void writeImages(Path file, byte[] pixels, int n, int rows, int cols, boolean gzip) throws IOException {
        IdxWriter.write(file, new int[] {n, rows, cols}, pixels, gzip);
    }

    /** Writes {@code labels} as a one-dimensional IDX file, atomically, gzip-compressed if asked. */
    public static void writeLabels(Path file, byte[] labels, boolean gzip) throws IOException {
        IdxWriter.write(file, new int[] {labels.length}, labels, gzip);
    }

    static IdxContent readImageContent(Path file) throws IOException {
        return IdxReader.read(file, 3, "images: count, rows, columns");
    }

    static IdxContent readLabelContent(Path file) throws IOException {
        return IdxReader.read(file, 1, "labels: count");
    }
}
