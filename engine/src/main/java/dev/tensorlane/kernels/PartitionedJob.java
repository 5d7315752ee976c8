package dev.tensorlane.kernels;

/** Work split into {@code parts} disjoint parts; each part runs on one thread. */
@FunctionalInterface
interface PartitionedJob {

    /** Runs part {@code part} of {@code parts} (0-based). Parts write disjoint outputs. */
    void runPart(int part, int parts);
}
