package dev.tensorlane.data;

import dev.tensorlane.tensor.Tensor;

import java.nio.file.Path;

/** A checked IDX file in memory: its header and exactly the data bytes the header declares. */
record IdxContent(IdxHeader header, ByteChunks data) {

    IdxContent {
        if (data.length() != header.dataBytes()) {
            throw new IllegalArgumentException(header.describeDimensions() + " declares " + header.dataBytes()
                    + " bytes but " + data.length() + " were given");
        }
    }

    Path file() {
        return header.file();
    }

    /** Number of items: the first dimension. */
    int count() {
        return header.dimension(0);
    }

    /** Bytes per item: the product of every dimension after the first. */
    long itemBytes() {
        int[] dimensions = header.dimensions();
        long product = 1;
        for (int i = 1; i < dimensions.length; i++) {
            product *= dimensions[i];
        }
        return product;
    }

    /**
     * Items {@code [fromItem, toItem)} as a new float32 tensor of shape {@code [toItem - fromItem, dims...]}
     * holding the unsigned byte values 0..255; the caller owns (and closes) it.
     */
    Tensor toTensor(int fromItem, int toItem) {
        if (fromItem < 0 || toItem < fromItem || toItem > count()) {
            throw new IndexOutOfBoundsException("items [" + fromItem + ", " + toItem + ") of " + count()
                    + " in " + file().getFileName());
        }
        int[] shape = header.dimensions();
        shape[0] = toItem - fromItem;
        Tensor tensor = Tensor.zeros(shape);
        data.copyUnsignedAsFloats(fromItem * itemBytes(), tensor.size(), tensor.segment());
        return tensor;
    }

    /** Every data byte, read as unsigned (0..255). */
    int[] toUnsignedInts() {
        return data.toUnsignedInts();
    }
}
