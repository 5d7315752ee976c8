package dev.tensorlane.bench.report;

import dev.tensorlane.bench.MatrixShape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Forward + backward throughput at one shape, derived from the two measured kernels: one
 * forward-and-backward pass takes {@code 1/forward + 1/backward} seconds, so elements/s is
 * {@code n / (1/forward + 1/backward)}. This is what the PyTorch figures measure.
 *
 * @param layer            {@code BatchNormalization} (training forward + backward) or {@code SELU}
 * @param shape            {@code rows x cols}
 * @param vector           vector kernels, elements/s (NaN if not measured)
 * @param scalar           scalar kernels, elements/s (NaN if not measured)
 * @param bytesPerElement  compulsory bytes of forward + backward per element
 * @param pytorch          the PyTorch 1.13 figure, elements/s
 */
public record ForwardBackward(String layer, String shape, double vector, double scalar, double bytesPerElement,
                              double pytorch) {

    /** Vector GB/s at the compulsory byte count. */
    public double vectorGBs() {
        return vector * bytesPerElement / 1e9;
    }

    /** Every shape of BatchNormBench and SeluBench (selu) that has both a forward and a backward result. */
    public static List<ForwardBackward> from(ResultIndex index) {
        List<ForwardBackward> rows = new ArrayList<>();
        for (String shape : PyTorchReference.BATCH_NORM.keySet().stream().sorted(ForwardBackward::byElements).toList()) {
            add(rows, index, "BatchNormalization", "BatchNormBench", "forwardTraining", "backward",
                    Map.of("shape", shape), shape, 24, PyTorchReference.BATCH_NORM.get(shape));
        }
        for (String shape : PyTorchReference.SELU.keySet().stream().sorted(ForwardBackward::byElements).toList()) {
            add(rows, index, "SELU", "SeluBench", "forward", "backward",
                    Map.of("shape", shape, "activation", "selu"), shape, 20, PyTorchReference.SELU.get(shape));
        }
        return rows;
    }

    private static void add(List<ForwardBackward> rows, ResultIndex index, String layer, String suite,
                            String forward, String backward, Map<String, String> params, String shape,
                            double bytesPerElement, double pytorch) {
        double vector = elementsPerSecond(index, suite, forward, backward, params, "vector", shape);
        double scalar = elementsPerSecond(index, suite, forward, backward, params, "scalar", shape);
        if (!Double.isNaN(vector) || !Double.isNaN(scalar)) {
            rows.add(new ForwardBackward(layer, shape, vector, scalar, bytesPerElement, pytorch));
        }
    }

    private static double elementsPerSecond(ResultIndex index, String suite, String forward, String backward,
                                            Map<String, String> params, String impl, String shape) {
        Map<String, String> withImpl = new HashMap<>(params);
        withImpl.put("impl", impl);
        Optional<Result> f = index.find(suite, forward, withImpl);
        Optional<Result> b = index.find(suite, backward, withImpl);
        if (f.isEmpty() || b.isEmpty()) {
            return Double.NaN;
        }
        double seconds = 1 / f.get().score() + 1 / b.get().score();
        return MatrixShape.parse(shape).elements() / seconds;
    }

    private static int byElements(String a, String b) {
        return Long.compare(MatrixShape.parse(a).elements(),
                MatrixShape.parse(b).elements());
    }
}
