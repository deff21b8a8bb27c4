package io.jnnunet.training.internal.data;

import java.util.List;

/**
 * One batch: {@code data} {@code (b, c, *patch)} row-major; one target per deep-supervision scale,
 * {@code (b, 1, *scaledPatch)}, highest resolution first, label values as float ({@code 0..N}; the padding value -1
 * already mapped to 0 as nnU-Net does before the loss); the case of each sample.
 */
public record Batch(float[] data, long[] dataShape, List<float[]> targets, List<long[]> targetShapes,
        List<String> caseIds) {
}
