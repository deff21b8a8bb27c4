package io.jnnunet.api;

/**
 * A case after preprocessing: normalised, resampled image data {@code (c, x, y, z)} in transposed order, the
 * segmentation ({@code null} at inference; {@code -1} outside the non-zero region, else the label) and the properties
 * that undo it.
 */
public record PreprocessedCase(String id, ImageVolume data, short[] seg, CaseProperties properties) {
}
