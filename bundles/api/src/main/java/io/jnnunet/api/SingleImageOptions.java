package io.jnnunet.api;

/**
 * How {@link LoadedModel#predict} predicts one image: the per-image part of a {@link PredictionRequest}, with the same
 * meaning and defaults.
 *
 * @param mirroring test-time augmentation with the checkpoints' mirroring axes
 * @param instanceRecipe the {@link InstanceRecipe} whose instance label image is returned instead of the semantic
 *     segmentation, or {@code null} for the semantic segmentation
 * @param stepSize sliding-window step as a fraction of the patch, 0 &lt; s &lt;= 1 (nnU-Net: 0.5)
 * @param objectScale zoom a 2-D image so that its objects have the training median diameter, or {@code null} to
 *     predict at native scale
 */
public record SingleImageOptions(boolean mirroring, String instanceRecipe, double stepSize, ObjectScale objectScale) {

    public SingleImageOptions {
        requireStepSize(stepSize);
    }

    /** nnU-Net's defaults: mirroring, step 0.5, the semantic segmentation at native scale. */
    public static SingleImageOptions defaults() {
        return new SingleImageOptions(true, null, 0.5, null);
    }

    /** The one check of a sliding-window step, for this record and {@link PredictionRequest}. */
    static void requireStepSize(double stepSize) {
        if (!(stepSize > 0 && stepSize <= 1)) {
            throw new IllegalArgumentException("step size must be in (0, 1], got " + stepSize);
        }
    }
}
