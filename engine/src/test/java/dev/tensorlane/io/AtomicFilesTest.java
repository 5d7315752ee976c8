package dev.tensorlane.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheOldFileWhole() throws IOException {
        Path file = dir.resolve("sub/history.csv");
        AtomicFiles.writeString(file, "old\n");
        AtomicFiles.writeString(file, "new\n");
        assertEquals("new\n", Files.readString(file));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path file = dir.resolve("model.json");
        AtomicFiles.writeString(file, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, channel -> {
            channel.write(java.nio.ByteBuffer.wrap("half".getBytes()));
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
