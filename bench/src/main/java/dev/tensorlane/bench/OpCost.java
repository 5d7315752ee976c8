package dev.tensorlane.bench;

/**
 * What one benchmark operation processes, so that a score in ops/s converts to elements/s,
 * GB/s and GFLOP/s. {@code bytes} counts the compulsory traffic: every input read once and every
 * output written once (what the op must move at the least, the usual roofline convention); a
 * kernel that makes several passes over data larger than the caches moves more.
 *
 * @param elements elements processed per op (rows · cols; for GEMM the output elements)
 * @param bytes    compulsory bytes read plus written per op
 * @param flops    floating-point operations per op (an FMA counts 2)
 */
public record OpCost(long elements, long bytes, long flops) {
}
