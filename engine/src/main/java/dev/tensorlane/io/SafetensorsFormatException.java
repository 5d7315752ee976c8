package dev.tensorlane.io;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file that breaks the format; the message names the file, the byte offset when known, and the tensor. */
public final class SafetensorsFormatException extends IOException {

    public SafetensorsFormatException(Path file, long offset, String problem) {
        super(file + ": " + problem + (offset >= 0 ? " (at byte offset " + offset + ")" : ""));
    }
}
