package dev.tensorlane.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {

    @TempDir
    Path dir;

    private static List<Safetensors.Tensor> twoTensors() {
        return List.of(
                new Safetensors.Tensor("dense/kernel", new int[]{2, 3}, MemorySegment.ofArray(new float[]{1, 2, 3, 4, 5, -6.5f})),
                new Safetensors.Tensor("dense/bias", new int[]{3}, MemorySegment.ofArray(new float[]{0.25f, Float.MIN_VALUE, -0f})));
    }

    /** The file's layout checked byte by byte, without the reader under test. */
    @Test
    void writesTheSafetensorsLayout() throws IOException {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, twoTensors(), Map.of("config", "{\"a\": 1}"));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = le.getLong(0);
        assertEquals(0, (8 + n) % 8, "data starts at a multiple of 8");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"__metadata__\": {\"config\": \"{\\\"a\\\": 1}\"}, "
                + "\"dense/kernel\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 24]}, "
                + "\"dense/bias\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [24, 36]}}", header.stripTrailing());
        assertTrue(header.substring(header.stripTrailing().length()).chars().allMatch(c -> c == ' '), "padded with spaces");
        assertEquals(8 + n + 36, bytes.length);
        float[] expected = {1, 2, 3, 4, 5, -6.5f, 0.25f, Float.MIN_VALUE, -0f};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), le.getInt((int) (8 + n + 4L * i)), "float " + i);
        }
    }

    @Test
    void readsBackWhatItWrote() throws IOException {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, twoTensors(), Map.of("k", "v"));
        SafetensorsFile read = SafetensorsFile.read(file);
        assertEquals(Map.of("k", "v"), read.metadata());
        assertEquals(List.of("dense/kernel", "dense/bias"), List.copyOf(read.entries().keySet()));
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, -6.5f}, read.floats("dense/kernel"));
        assertArrayEquals(new float[]{0.25f, Float.MIN_VALUE, -0f}, read.floats("dense/bias"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    /** Written by PyTorch and the reference layout (make_fixture.py next to the fixture). */
    @Test
    void readsAFileWrittenByPython() throws IOException {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/safetensors/torch_fixture.safetensors")) {
            bytes = in.readAllBytes();
        }
        SafetensorsFile read = SafetensorsFile.parse(Path.of("torch_fixture.safetensors"), bytes);
        assertEquals("pt", read.metadata().get("format"));
        assertArrayEquals(new int[]{3, 4}, read.entry("dense/kernel").shape());
        float[] kernel = read.floats("dense/kernel");
        for (int i = 0; i < 12; i++) {
            assertEquals(i / 8f - 0.5f, kernel[i]);
        }
        assertArrayEquals(new float[]{1.5f, -2.25f, 3.0e-8f, Float.POSITIVE_INFINITY}, read.floats("dense/bias"));
        assertArrayEquals(new int[0], read.entry("scalar").shape());
        assertArrayEquals(new float[]{7f}, read.floats("scalar"));
        assertEquals("I64", read.entry("steps").dtype());
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> read.floats("steps"));
        assertTrue(e.getMessage().contains("tensor 'steps' has dtype I64; only F32 is read"), e.getMessage());
    }

    @Test
    void refusesBrokenFilesNamingFileOffsetAndTensor() throws IOException {
        byte[] good = Safetensors.encode(twoTensors(), Map.of());
        assertBroken(java.util.Arrays.copyOf(good, 5), "fewer than the 8-byte header length");
        byte[] hugeHeader = good.clone();
        hugeHeader[0] = (byte) 0xff;
        hugeHeader[1] = (byte) 0xff;
        assertBroken(hugeHeader, "does not fit a file of");
        assertBroken(java.util.Arrays.copyOf(good, good.length - 4), "cover 36 bytes of data but the file holds 32");
        byte[] badJson = good.clone();
        badJson[8 + 1] = '!';
        assertBroken(badJson, "at byte offset 9");
        assertBroken(withHeader("{\"t\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4]}}", 4),
                "tensor 't': F32 shape [2] needs 8 bytes but data_offsets span 4");
        assertBroken(withHeader("{\"t\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8),
                "tensor 't' starts at data offset 4 but the previous tensor ends at 0 (a gap)");
        assertBroken(withHeader("{\"t\": {\"dtype\": \"Q8\", \"shape\": [1], \"data_offsets\": [0, 1]}}", 1),
                "tensor 't': unknown dtype \"Q8\"");
        assertBroken(withHeader("{\"t\": {\"dtype\": \"F32\", \"shape\": [1]}}", 0), "missing field \"data_offsets\"");
    }

    private static byte[] withHeader(String json, int dataBytes) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(header);
        while (b.position() < 8 + padded) {
            b.put((byte) ' ');
        }
        return b.array();
    }

    private static void assertBroken(byte[] bytes, String fragment) {
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class,
                () -> SafetensorsFile.parse(Path.of("bad.safetensors"), bytes));
        assertTrue(e.getMessage().startsWith("bad.safetensors: ") && e.getMessage().contains(fragment), e.getMessage());
    }
}
