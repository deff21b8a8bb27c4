package io.jnnunet.training.internal.data;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * nnU-Net's {@code get_training_transforms} and {@code get_validation_transforms} (reference section 6.5, without the
 * cascade's and the region-based steps). A trainer variant can take {@link ComposeTransforms#transforms()} and
 * replace, drop or add steps.
 */
public final class TrainingTransforms {

    private TrainingTransforms() {
    }

    /**
     * The training pipeline, in nnU-Net's order: (dummy 2-D fold) spatial (rotation p 0.2, scaling p 0.2 in
     * (0.7, 1.4)) (unfold), Gaussian noise p 0.1, Gaussian blur p 0.2, multiplicative brightness p 0.15, contrast
     * p 0.15, simulated low resolution p 0.25, inverted gamma p 0.1, gamma p 0.3, mirroring, masking (if a channel
     * uses {@code use_mask_for_norm}), seg -1 to 0, deep-supervision targets.
     *
     * @param patchSize      the final patch (the plans' patch size)
     * @param dsScales       deep-supervision scales, or {@code null} for one full-resolution target
     * @param useMaskForNorm the configuration's {@code use_mask_for_norm}, or {@code null}
     */
    public static ComposeTransforms training(int[] patchSize, AugmentationConfig config, double[][] dsScales,
            List<Boolean> useMaskForNorm) {
        List<SampleTransform> transforms = new ArrayList<>();
        int[] spatialPatch = patchSize;
        int[] ignoreAxes = {};
        if (config.doDummy2dDataAug()) {
            transforms.add(new Convert3DTo2DTransform());
            spatialPatch = new int[] {patchSize[1], patchSize[2]};
            ignoreAxes = new int[] {0};
        }
        transforms.add(new SpatialTransform(spatialPatch, 0.2, config.rotationLow(), config.rotationHigh(),
                0.2, 0.7, 1.4));
        if (config.doDummy2dDataAug()) {
            transforms.add(new Convert2DTo3DTransform());
        }
        transforms.add(new RandomTransform(new GaussianNoiseTransform(0, 0.1), 0.1));
        transforms.add(new RandomTransform(new GaussianBlurTransform(0.5, 1.0, 0.5), 0.2));
        transforms.add(new RandomTransform(
                new MultiplicativeBrightnessTransform(new BGContrast(0.75, 1.25)), 0.15));
        transforms.add(new RandomTransform(new ContrastTransform(new BGContrast(0.75, 1.25), true), 0.15));
        transforms.add(new RandomTransform(new SimulateLowResolutionTransform(0.5, 1, 0.5, ignoreAxes), 0.25));
        transforms.add(new RandomTransform(new GammaTransform(new BGContrast(0.7, 1.5), true), 0.1));
        transforms.add(new RandomTransform(new GammaTransform(new BGContrast(0.7, 1.5), false), 0.3));
        if (config.mirrorAxes().length > 0) {
            transforms.add(new MirrorTransform(config.mirrorAxes()));
        }
        if (useMaskForNorm != null && useMaskForNorm.contains(Boolean.TRUE)) {
            transforms.add(new MaskImageTransform(IntStream.range(0, useMaskForNorm.size())
                    .filter(c -> Boolean.TRUE.equals(useMaskForNorm.get(c))).toArray()));
        }
        addTargets(transforms, dsScales);
        return new ComposeTransforms(transforms);
    }

    /** The validation pipeline: seg -1 to 0 and the deep-supervision targets, nothing else. */
    public static ComposeTransforms validation(double[][] dsScales) {
        List<SampleTransform> transforms = new ArrayList<>();
        addTargets(transforms, dsScales);
        return new ComposeTransforms(transforms);
    }

    private static void addTargets(List<SampleTransform> transforms, double[][] dsScales) {
        transforms.add(new RemoveLabelTransform((short) -1, (short) 0));
        if (dsScales != null) {
            transforms.add(new DownsampleSegForDSTransform(dsScales));
        }
    }
}
