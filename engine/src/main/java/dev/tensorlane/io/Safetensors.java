package dev.tensorlane.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the Hugging Face safetensors format, float32 only: an 8-byte little-endian header
 * length N, N bytes of JSON header ({@code {"__metadata__": {...}, "name": {"dtype": "F32",
 * "shape": [...], "data_offsets": [begin, end]}, ...}}, padded with spaces so the data starts at
 * a multiple of 8), then each tensor's little-endian row-major data, in the order given, with
 * offsets relative to the start of the data. PyTorch's and Hugging Face's readers open it;
 * {@link SafetensorsFile#read} reads it back. Files are written atomically ({@link AtomicFiles}).
 */
public final class Safetensors {

    /** Bytes before the JSON header: its length as a little-endian u64. */
    public static final int LENGTH_PREFIX = 8;
    /** The key safetensors reserves for free-form string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** One float32 tensor to write: its name, shape and {@code product(shape)} native-order floats. */
    public record Tensor(String name, int[] shape, MemorySegment data) {
        public Tensor {
            long elements = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("tensor '" + name + "': negative dimension in " + Arrays.toString(shape));
                }
                elements *= d;
            }
            if (data.byteSize() < elements * Float.BYTES) {
                throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(shape)
                        + " needs " + elements * Float.BYTES + " bytes but its segment has " + data.byteSize());
            }
            shape = shape.clone();
        }

        long elements() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private Safetensors() {
    }

    /** Writes {@code tensors} and string {@code metadata} to {@code file}, atomically. */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(file, encode(tensors, metadata));
    }

    /** The whole file's bytes. */
    public static byte[] encode(List<Tensor> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA_KEY, new LinkedHashMap<>(metadata));
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (Tensor t : tensors) {
            if (t.name().equals(METADATA_KEY) || !names.add(t.name())) {
                throw new IllegalArgumentException("safetensors: tensor name '" + t.name() + "' is reserved or repeated");
            }
            long bytes = t.elements() * Float.BYTES;
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", t.shape());
            info.put("data_offsets", List.of(offset, offset + bytes));
            header.put(t.name(), info);
            offset += bytes;
        }
        byte[] json = JsonWriter.write(header).getBytes(StandardCharsets.UTF_8);
        int headerLength = (json.length + 7) / 8 * 8;
        long total = LENGTH_PREFIX + headerLength + offset;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("safetensors: " + total + " bytes is more than this writer holds in memory (2 GiB)");
        }
        byte[] out = new byte[(int) total];
        MemorySegment file = MemorySegment.ofArray(out);
        file.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, headerLength);
        System.arraycopy(json, 0, out, LENGTH_PREFIX, json.length);
        Arrays.fill(out, LENGTH_PREFIX + json.length, LENGTH_PREFIX + headerLength, (byte) ' ');
        long position = LENGTH_PREFIX + headerLength;
        for (Tensor t : tensors) {
            long n = t.elements();
            MemorySegment.copy(t.data(), ValueLayout.JAVA_FLOAT_UNALIGNED, 0, file, FLOAT_LE, position, n);
            position += n * Float.BYTES;
        }
        return out;
    }
}
