package dev.tensorlane.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file read into memory and checked: the header length fits the file, the header
 * is strict JSON whose entries have a {@code dtype}, a {@code shape} and {@code data_offsets}
 * that agree with each other, and the tensors tile the data section with no gap or overlap.
 * Tensors of dtype F32 can be copied out; other dtypes are listed but refused on read.
 * Every error names the file, the byte offset when there is one, and the tensor.
 */
public final class SafetensorsFile {

    /** A header entry: offsets are relative to the start of the data section. */
    public record Entry(String name, String dtype, int[] shape, long begin, long end) {
        /** Number of elements; saturates at Long.MAX_VALUE (such a tensor never fits its offsets). */
        public long elements() {
            long n = 1;
            for (int d : shape) {
                n = d == 0 ? 0 : (n > Long.MAX_VALUE / d ? Long.MAX_VALUE : n * d);
            }
            return n;
        }
    }

    /** Refuse headers larger than this (the reference implementation's limit is 100 MB). */
    private static final long MAX_HEADER = 100_000_000L;
    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(
            Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1), Map.entry("F8_E5M2", 1), Map.entry("F8_E4M3", 1),
            Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F32", 4),
            Map.entry("I64", 8), Map.entry("U64", 8), Map.entry("F64", 8));

    private final Path file;
    private final byte[] bytes;
    private final long dataStart;
    private final Map<String, String> metadata;
    private final Map<String, Entry> entries;

    private SafetensorsFile(Path file, byte[] bytes, long dataStart, Map<String, String> metadata, Map<String, Entry> entries) {
        this.file = file;
        this.bytes = bytes;
        this.dataStart = dataStart;
        this.metadata = metadata;
        this.entries = entries;
    }

    public static SafetensorsFile read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such safetensors file");
        }
        return parse(file, bytes);
    }

    /** Checks and indexes a file's bytes; {@code file} names it in errors. */
    public static SafetensorsFile parse(Path file, byte[] bytes) throws SafetensorsFormatException {
        if (bytes.length < Safetensors.LENGTH_PREFIX) {
            throw new SafetensorsFormatException(file, 0, "file has " + bytes.length + " bytes, fewer than the 8-byte header length");
        }
        long headerLength = MemorySegment.ofArray(bytes).get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > bytes.length - Safetensors.LENGTH_PREFIX) {
            throw new SafetensorsFormatException(file, 0, "header length " + Long.toUnsignedString(headerLength)
                    + " does not fit a file of " + bytes.length + " bytes");
        }
        long dataStart = Safetensors.LENGTH_PREFIX + headerLength;
        byte[] json = Arrays.copyOfRange(bytes, Safetensors.LENGTH_PREFIX, (int) dataStart);
        if (json[0] != '{') {
            throw new SafetensorsFormatException(file, Safetensors.LENGTH_PREFIX, "header does not start with '{'");
        }
        Object parsed;
        try {
            parsed = JsonReader.parse(json, file.toString(), Safetensors.LENGTH_PREFIX);
        } catch (JsonException e) {
            throw new SafetensorsFormatException(file, e.offset(), "header is not valid JSON: " + e.getMessage());
        }
        JsonObject header = JsonObject.of(parsed, file + " header");
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String name : header.keys()) {
            if (name.equals(Safetensors.METADATA_KEY)) {
                readMetadata(file, header, metadata);
            } else {
                entries.put(name, entry(file, header, name));
            }
        }
        checkTiling(file, entries.values(), bytes.length - dataStart, dataStart);
        return new SafetensorsFile(file, bytes, dataStart, Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(entries));
    }

    private static void readMetadata(Path file, JsonObject header, Map<String, String> into) throws SafetensorsFormatException {
        JsonObject meta;
        try {
            meta = header.object(Safetensors.METADATA_KEY);
        } catch (JsonException e) {
            throw new SafetensorsFormatException(file, -1, "__metadata__ must be an object of strings");
        }
        for (String key : meta.keys()) {
            if (!(meta.raw(key) instanceof String value)) {
                throw new SafetensorsFormatException(file, -1, "__metadata__ value of \"" + key + "\" is not a string");
            }
            into.put(key, value);
        }
    }

    private static Entry entry(Path file, JsonObject header, String name) throws SafetensorsFormatException {
        try {
            JsonObject info = header.object(name);
            String dtype = info.string("dtype");
            Integer width = DTYPE_BYTES.get(dtype);
            if (width == null) {
                throw new SafetensorsFormatException(file, -1, "tensor '" + name + "': unknown dtype \"" + dtype + "\"");
            }
            int[] shape = info.intArray("shape");
            for (int d : shape) {
                if (d < 0) {
                    throw new SafetensorsFormatException(file, -1, "tensor '" + name + "': shape " + Arrays.toString(shape)
                            + " has a null or negative dimension");
                }
            }
            List<Object> offsets = info.array("data_offsets");
            if (offsets.size() != 2 || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)
                    || begin < 0 || end < begin) {
                throw new SafetensorsFormatException(file, -1, "tensor '" + name + "': data_offsets " + offsets
                        + " must be two integers [begin, end] with 0 <= begin <= end");
            }
            Entry e = new Entry(name, dtype, shape, begin, end);
            if (e.elements() > Long.MAX_VALUE / width || e.elements() * width != end - begin) {
                throw new SafetensorsFormatException(file, -1, "tensor '" + name + "': " + dtype + " shape "
                        + Arrays.toString(shape) + " needs " + (e.elements() > Long.MAX_VALUE / width ? "more than 2^63" : e.elements() * width) + " bytes but data_offsets span " + (end - begin));
            }
            return e;
        } catch (JsonException e) {
            throw new SafetensorsFormatException(file, -1, "tensor '" + name + "': " + e.getMessage());
        }
    }

    /** The tensors must cover the data section exactly, as the format requires. */
    private static void checkTiling(Path file, Iterable<Entry> entries, long dataBytes, long dataStart) throws SafetensorsFormatException {
        List<Entry> sorted = new ArrayList<>();
        entries.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : sorted) {
            if (e.begin() != expected) {
                throw new SafetensorsFormatException(file, dataStart + Math.min(e.begin(), expected), "tensor '" + e.name()
                        + "' starts at data offset " + e.begin() + " but the previous tensor ends at " + expected
                        + (e.begin() > expected ? " (a gap)" : " (an overlap)"));
            }
            expected = e.end();
        }
        if (expected != dataBytes) {
            throw new SafetensorsFormatException(file, dataStart + Math.min(expected, dataBytes), "the tensors cover "
                    + expected + " bytes of data but the file holds " + dataBytes + " after its header");
        }
    }

    public Path file() {
        return file;
    }

    /** The {@code __metadata__} strings (empty when the file has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Header entries in file order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** Byte offset in the file where the data section starts (8 + header length). */
    public long dataStart() {
        return dataStart;
    }

    /** The entry called {@code name}, or an IOException naming the file and the tensor. */
    public Entry entry(String name) throws SafetensorsFormatException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new SafetensorsFormatException(file, -1, "no tensor '" + name + "'; it holds " + entries.keySet());
        }
        return e;
    }

    /** Checks that tensor {@code name} exists, is F32 and has shape {@code expectedShape}, without copying it. */
    public Entry check(String name, int[] expectedShape) throws SafetensorsFormatException {
        Entry e = entry(name);
        if (!e.dtype().equals("F32")) {
            throw new SafetensorsFormatException(file, -1, "tensor '" + name + "' has dtype " + e.dtype() + "; only F32 is read");
        }
        if (!Arrays.equals(e.shape(), expectedShape)) {
            throw new SafetensorsFormatException(file, -1, "tensor '" + name + "' has shape " + Arrays.toString(e.shape())
                    + " but the model expects " + Arrays.toString(expectedShape));
        }
        return e;
    }

    /** Copies F32 tensor {@code name} into {@code target} (native order), checking its shape is {@code expectedShape}. */
    public void copyInto(String name, int[] expectedShape, MemorySegment target) throws SafetensorsFormatException {
        Entry e = check(name, expectedShape);
        if (target.byteSize() < e.elements() * Float.BYTES) {
            throw new IllegalArgumentException("target of " + target.byteSize() + " bytes cannot hold tensor '" + name + "'");
        }
        MemorySegment.copy(MemorySegment.ofArray(bytes), Safetensors.FLOAT_LE, dataStart + e.begin(),
                target, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, e.elements());
    }

    /** F32 tensor {@code name} as a new array. */
    public float[] floats(String name) throws SafetensorsFormatException {
        Entry e = entry(name);
        float[] out = new float[Math.toIntExact(e.elements())];
        copyInto(name, e.shape(), MemorySegment.ofArray(out));
        return out;
    }
}
