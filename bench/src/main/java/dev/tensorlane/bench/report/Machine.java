package dev.tensorlane.bench.report;

import dev.tensorlane.kernels.VectorKernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-line description of the machine the report is written on (CPU, cores, OS, vector width). */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "; kernels: "
                + vectorDescription();
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | SecurityException e) {
            // not Linux or not readable: the CPU stays unnamed
        }
        return "unknown CPU";
    }

    private static String vectorDescription() {
        try {
            return new VectorKernels().description();
        } catch (LinkageError e) {
            return "vector width unknown (the report ran without jdk.incubator.vector)";
        }
    }
}
