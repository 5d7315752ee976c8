package dev.tensorlane.kernels;

/**
 * Chooses the kernels once per JVM: {@code VectorKernels} on the species named by
 * {@code -Dtensorlane.vectorBits=128|256|512} (default: the CPU's preferred species), or
 * {@link ScalarKernels} when the property is 0 or the Vector API module is not present
 * (then with one warning on stderr); on {@code -Dtensorlane.threads=N} threads (default: every
 * available processor), see {@link Kernels#withThreads}.
 */
public final class KernelProvider {

    /** System property that forces a vector width in bits; 0 means scalar. */
    public static final String VECTOR_BITS_PROPERTY = "tensorlane.vectorBits";

    /** System property with the number of threads kernels use (default: the available processors). */
    public static final String THREADS_PROPERTY = "tensorlane.threads";

    private static final Kernels INSTANCE = choose();

    private KernelProvider() {
    }

    /** The kernels this JVM uses. */
    public static Kernels get() {
        return INSTANCE;
    }

    /** The always-available scalar reference kernels. */
    public static Kernels scalar() {
        return ScalarHolder.SCALAR;
    }

    private static final class ScalarHolder {
        static final Kernels SCALAR = new ScalarKernels();
    }

    private static Kernels choose() {
        return chooseImplementation().withThreads(threadsFromProperty());
    }

    private static int threadsFromProperty() {
        String requested = System.getProperty(THREADS_PROPERTY, "").trim();
        if (requested.isEmpty()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = Integer.parseInt(requested);
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + THREADS_PROPERTY + "=" + requested + " is not a thread count: use 1 or more");
    }

    private static Kernels chooseImplementation() {
        String requested = System.getProperty(VECTOR_BITS_PROPERTY, "").trim();
        if (requested.equals("0")) {
            return scalar();
        }
        if (!requested.isEmpty() && !requested.equals("128") && !requested.equals("256") && !requested.equals("512")) {
            throw new IllegalArgumentException("-D" + VECTOR_BITS_PROPERTY + "=" + requested
                    + " is not a vector width: use 0 (scalar), 128, 256 or 512");
        }
        try {
            return new VectorKernels();
        } catch (LinkageError missingVectorModule) {
            System.err.println("tensorlane: the Vector API is not available (" + missingVectorModule
                    + "); using scalar kernels. Run java with --add-modules jdk.incubator.vector.");
            return scalar();
        }
    }
}
