package io.jnnunet.api;

/**
 * How the samples of an image were stored on disk. Pixel values always travel as {@code float} (exact for every
 * 8- and 16-bit integer), and a writer uses this type to store them back losslessly in the same bit depth.
 */
public enum SampleType {
    UINT8(0, 255),
    UINT16(0, 65535),
    FLOAT32(-Float.MAX_VALUE, Float.MAX_VALUE);

    private final double min;
    private final double max;

    SampleType(double min, double max) {
        this.min = min;
        this.max = max;
    }

    /** True when {@code value} can be stored in this type without loss. */
    public boolean holds(float value) {
        if (this == FLOAT32) {
            return true;
        }
        return value >= min && value <= max && value == Math.rint(value);
    }

    /** The smallest integer type that holds every value of a label map whose largest value is {@code maxLabel}. */
    public static SampleType forLabels(double maxLabel) {
        return maxLabel <= 255 ? UINT8 : UINT16;
    }
}
