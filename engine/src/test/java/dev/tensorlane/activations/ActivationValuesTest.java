package dev.tensorlane.activations;

import dev.tensorlane.kernels.KernelProvider;
import dev.tensorlane.kernels.Kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every named activation, on both kernel implementations, at a few points against the formula
 * written out in double (value and derivative): the kernels' flush and clamps leave these alone.
 */
class ActivationValuesTest {

    private static final float[] X = {-5f, -3f, -1f, -0.25f, 0.5f, 1f, 2.5f, 4f};
    private static final double SELU_ALPHA = 1.6732632423543772848;
    private static final double SELU_SCALE = 1.0507009873554804934;

    private record Expected(String name, DoubleUnaryOperator f, DoubleUnaryOperator df) {
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Φ(x) from a series good to 1e-12 on [−5, 5]: Φ = 1/2 + φ(x)·Σ x^(2k+1)/(1·3·…·(2k+1)). */
    private static double normalCdf(double x) {
        double term = x;
        double sum = x;
        for (int k = 1; k < 200; k++) {
            term *= x * x / (2 * k + 1);
            sum += term;
        }
        return 0.5 + Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) * sum;
    }

    private static List<Expected> expectations() {
        return List.of(
                new Expected("linear", x -> x, x -> 1),
                new Expected("relu", x -> Math.max(x, 0), x -> x > 0 ? 1 : 0),
                new Expected("leaky_relu", x -> x > 0 ? x : 0.2 * x, x -> x > 0 ? 1 : 0.2),
                new Expected("elu", x -> x > 0 ? x : Math.expm1(x), x -> x > 0 ? 1 : Math.exp(x)),
                new Expected("selu", x -> SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
                        x -> SELU_SCALE * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x))),
                new Expected("sigmoid", ActivationValuesTest::sigmoid, x -> sigmoid(x) * (1 - sigmoid(x))),
                new Expected("hard_sigmoid", x -> Math.min(Math.max(x / 6 + 0.5, 0), 1), x -> Math.abs(x) < 3 ? 1.0 / 6 : 0),
                new Expected("tanh", Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x)),
                new Expected("softplus", x -> Math.log(1 + Math.exp(x)), ActivationValuesTest::sigmoid),
                new Expected("softsign", x -> x / (1 + Math.abs(x)), x -> 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x)))),
                new Expected("swish", x -> x * sigmoid(x), x -> sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x))),
                new Expected("silu", x -> x * sigmoid(x), x -> sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x))),
                new Expected("gelu", x -> x * normalCdf(x),
                        x -> normalCdf(x) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI)),
                new Expected("exponential", Math::exp, Math::exp));
    }

    static Stream<Arguments> cases() {
        return Stream.of(KernelProvider.scalar(), KernelProvider.get())
                .flatMap(k -> expectations().stream().map(e -> Arguments.of(e.name(), k, e)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void valueAndDerivative(String name, Kernels kernels, Expected expected) {
        ActivationFunction f = Activations.get(name);
        int n = X.length;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocateFrom(ValueLayout.JAVA_FLOAT, X);
            MemorySegment y = arena.allocate(n * 4L, 64);
            MemorySegment dy = arena.allocate(n * 4L, 64);
            MemorySegment dx = arena.allocate(n * 4L, 64);
            for (int i = 0; i < n; i++) {
                dy.setAtIndex(ValueLayout.JAVA_FLOAT, i, 1f);
            }
            f.forward(kernels, x, y, 2, n / 2);
            f.backward(kernels, x, y, dy, dx, 2, n / 2);
            for (int i = 0; i < n; i++) {
                double xi = X[i];
                double value = expected.f().applyAsDouble(xi);
                double slope = expected.df().applyAsDouble(xi);
                assertEquals(value, y.getAtIndex(ValueLayout.JAVA_FLOAT, i), 2e-6 * (1 + Math.abs(value)),
                        name + "(" + xi + ")");
                assertEquals(slope, dx.getAtIndex(ValueLayout.JAVA_FLOAT, i), 2e-6 * (1 + Math.abs(slope)),
                        name + "'(" + xi + ")");
            }
        }
    }

    @Test
    void everyNameResolvesAndSiluIsSwish() {
        for (String name : Activations.names()) {
            assertTrue(name.equals("silu") || Activations.get(name).kerasName().equals(name), name);
        }
        assertSame(StandardActivation.SWISH, Activations.get("silu"));
        assertSame(StandardActivation.GELU, Activations.get("GELU"));
        assertSame(StandardActivation.LINEAR, Activations.get(null));
    }

    @Test
    void unknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.get("mish"));
        assertEquals("unknown activation 'mish'; known: linear, relu, elu, selu, sigmoid, tanh, leaky_relu, "
                + "hard_sigmoid, softplus, softsign, swish, gelu, exponential, softmax, silu", e.getMessage());
    }

    @Test
    void parameterisedFunctionsRefuseBadParameters() {
        assertEquals("alpha must be a finite number >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new EluFunction(-1f)).getMessage());
        assertEquals("negative slope must be a finite number >= 0, got -0.5",
                assertThrows(IllegalArgumentException.class, () -> ReluFunction.leaky(-0.5f)).getMessage());
        assertEquals("leaky_relu", ReluFunction.leaky(0.3f).kerasName());
        assertEquals("relu", new ReluFunction(0f, 0f, 6f).kerasName());
    }
}
