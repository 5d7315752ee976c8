/**
 * Tensorlane: Keras's Sequential API on Vector API kernels over native memory segments.
 * The only module it needs besides java.base is the incubating Vector API, and only the
 * package {@code dev.tensorlane.kernels} (its class {@code VectorKernels}) touches it.
 */
module dev.tensorlane {
    requires jdk.incubator.vector;

    exports dev.tensorlane.tensor;
    exports dev.tensorlane.kernels;
    exports dev.tensorlane.initializers;
    exports dev.tensorlane.activations;
    exports dev.tensorlane.layers;
    exports dev.tensorlane.losses;
    exports dev.tensorlane.optimizers;
    exports dev.tensorlane.metrics;
    exports dev.tensorlane.models;
    exports dev.tensorlane.callbacks;
    exports dev.tensorlane.data;
    exports dev.tensorlane.io;
}
