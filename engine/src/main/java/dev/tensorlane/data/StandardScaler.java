package dev.tensorlane.data;

import dev.tensorlane.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Standardises data with one mean and one standard deviation over all its elements, like
 * scikit-learn's {@code StandardScaler} fitted on {@code X.reshape(-1, 1)} (every pixel one sample
 * of a single feature).
 *
 * <p>{@link #fit} accumulates in double: the mean, then the population variance (ddof 0) in a
 * second pass with the rounding-error correction scikit-learn uses. {@link #transform} computes
 * {@code (x - (float) mean) / (float) scale} in float32. As in scikit-learn, a standard deviation
 * of 0 gives a scale of 1, so constant data maps to 0 instead of NaN.
 */
public final class StandardScaler {

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final int BLOCK = 1 << 14;

    private boolean fitted;
    private double mean;
    private double std;

    /** An unfitted scaler. */
    public StandardScaler() {
    }

    /** Computes the mean and population standard deviation of every element of {@code x}; returns this. */
    public StandardScaler fit(Tensor x) {
        long n = x.size();
        if (n == 0) {
            throw new IllegalArgumentException("cannot fit a StandardScaler on the empty tensor " + x);
        }
        MemorySegment data = x.segment();
        float[] block = new float[(int) Math.min(BLOCK, n)];
        double sum = 0;
        for (long start = 0; start < n; start += block.length) {
            int count = load(data, start, n, block);
            for (int i = 0; i < count; i++) {
                sum += block[i];
            }
        }
        double mu = sum / n;
        double squares = 0;
        double deviations = 0;
        for (long start = 0; start < n; start += block.length) {
            int count = load(data, start, n, block);
            for (int i = 0; i < count; i++) {
                double d = block[i] - mu;
                deviations += d;
                squares += d * d;
            }
        }
        // the correction term removes what rounding left in the mean (Chan, Golub & LeVeque)
        double variance = Math.max(0, (squares - deviations * deviations / n) / n);
        this.mean = mu;
        this.std = Math.sqrt(variance);
        this.fitted = true;
        return this;
    }

    /** A new tensor of the same shape holding {@code (x - mean) / scale}; the caller owns it. */
    public Tensor transform(Tensor x) {
        Tensor result = Tensor.zeros(x.shape());
        transformInto(x.segment(), result.segment(), x.size());
        return result;
    }

    /** Replaces every element of {@code x} with {@code (x - mean) / scale}; returns {@code x}. */
    public Tensor transformInPlace(Tensor x) {
        transformInto(x.segment(), x.segment(), x.size());
        return x;
    }

    /** {@link #fit} then {@link #transform}. */
    public Tensor fitTransform(Tensor x) {
        return fit(x).transform(x);
    }

    private void transformInto(MemorySegment source, MemorySegment target, long n) {
        requireFitted();
        float m = (float) mean;
        float s = (float) scale();
        float[] block = new float[(int) Math.min(BLOCK, Math.max(n, 1))];
        for (long start = 0; start < n; start += block.length) {
            int count = load(source, start, n, block);
            for (int i = 0; i < count; i++) {
                block[i] = (block[i] - m) / s;
            }
            MemorySegment.copy(block, 0, target, FLOAT, start * Float.BYTES, count);
        }
    }

    private static int load(MemorySegment data, long start, long n, float[] block) {
        int count = (int) Math.min(block.length, n - start);
        MemorySegment.copy(data, FLOAT, start * Float.BYTES, block, 0, count);
        return count;
    }

    /** Mean of the fitted data. */
    public double mean() {
        requireFitted();
        return mean;
    }

    /** Population standard deviation (ddof 0) of the fitted data; may be 0. */
    public double std() {
        requireFitted();
        return std;
    }

    /** What {@link #transform} divides by: {@link #std()}, or 1 when that is 0. */
    public double scale() {
        requireFitted();
        return std == 0 ? 1 : std;
    }

    /** Whether {@link #fit} has been called. */
    public boolean isFitted() {
        return fitted;
    }

    private void requireFitted() {
        if (!fitted) {
            throw new IllegalStateException("this StandardScaler is not fitted yet: call fit(x) before transform or reading its statistics");
        }
    }

    @Override
    public String toString() {
        return fitted ? "StandardScaler[mean=" + mean + ", std=" + std + "]" : "StandardScaler[not fitted]";
    }
}
