package dev.hyperforge.engine;

import org.nd4j.linalg.api.buffer.DataType;

/** Element type of an input or tensor. Integer inputs carry token ids for embeddings. */
public enum DType {
    /** 32-bit floats: the default for features and all computation. */
    FLOAT32(DataType.FLOAT),
    /** 64-bit floats: used for numerical gradient checks. */
    FLOAT64(DataType.DOUBLE),
    /** Integer ids (stored as floats in batches, read as ints by embeddings). */
    INT32(DataType.INT);

    private final DataType nd4j;

    DType(DataType nd4j) {
        this.nd4j = nd4j;
    }

    /** The ND4J data type. */
    public DataType nd4j() {
        return nd4j;
    }

    /** Parses {@code float32}, {@code float64}, {@code int32} (also {@code float}, {@code double}, {@code int}). */
    public static DType parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "float" -> FLOAT32;
            case "float64", "double" -> FLOAT64;
            case "int32", "int", "int64" -> INT32;
            default -> throw new IllegalArgumentException("unknown dtype '" + s + "'; expected float32, float64 or int32");
        };
    }
}
