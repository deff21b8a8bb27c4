package io.jnnunet.api;

/**
 * A normalisation scheme for one channel (nnU-Net's {@code ImageNormalization} subclasses), registered as a service
 * with the property {@value #NAME} = nnU-Net's class name ({@code ZScoreNormalization}, {@code CTNormalization}, ...).
 * The scheme of a channel is chosen by its name in {@code dataset.json}'s {@code channel_names}.
 */
public interface Normalization {

    /** Service property: the scheme's class name as it appears in the plans' {@code normalization_schemes}. */
    String NAME = "normalization.name";

    String name();

    /**
     * Normalises one channel in place.
     *
     * @param channel the channel's voxels after cropping
     * @param seg the cropped segmentation ({@code -1} outside the non-zero region), or {@code null} without one
     * @param useMaskForNorm normalise only inside the non-zero region ({@code seg >= 0}), leaving the rest as it is
     * @param intensities the channel's foreground intensity properties from the fingerprint
     */
    void normalize(float[] channel, short[] seg, boolean useMaskForNorm, IntensityProperties intensities);
}
