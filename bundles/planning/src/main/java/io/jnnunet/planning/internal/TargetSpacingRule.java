package io.jnnunet.planning.internal;

import io.jnnunet.api.Fingerprint;
import io.jnnunet.formats.NumpyStats;
import java.util.List;

/**
 * nnU-Net's {@code determine_fullres_target_spacing}: the per-axis median spacing, except for strongly anisotropic
 * data (coarse axis more than {@code anisotropyThreshold} times the others in spacing, and that many times fewer
 * voxels), where the coarse axis takes the 10th percentile of its spacings, but never finer than the other axes.
 */
public record TargetSpacingRule(double anisotropyThreshold) {

    /** nnU-Net's {@code ANISO_THRESHOLD}. */
    public static final double ANISO_THRESHOLD = 3;

    public TargetSpacingRule() {
        this(ANISO_THRESHOLD);
    }

    /** The 3d_fullres target spacing in the fingerprint's (untransposed) axis order. */
    public double[] fullresTargetSpacing(Fingerprint fingerprint) {
        List<double[]> spacings = fingerprint.spacings();
        double[] target = NumpyStats.percentilePerAxis(spacings, 50);
        double[] targetSize = NumpyStats.percentilePerAxis(NumpyStats.asDoubles(fingerprint.shapesAfterCrop()), 50);

        int worst = Transposition.of(target).forward()[0];
        double maxOtherSpacing = Double.NEGATIVE_INFINITY;
        double minOtherSize = Double.POSITIVE_INFINITY;
        for (int axis = 0; axis < target.length; axis++) {
            if (axis != worst) {
                maxOtherSpacing = Math.max(maxOtherSpacing, target[axis]);
                minOtherSize = Math.min(minOtherSize, targetSize[axis]);
            }
        }
        boolean anisotropicSpacing = target[worst] > anisotropyThreshold * maxOtherSpacing;
        boolean anisotropicVoxels = targetSize[worst] * anisotropyThreshold < minOtherSize;
        if (anisotropicSpacing && anisotropicVoxels) {
            double tenthPercentile = NumpyStats.percentile(NumpyStats.column(spacings, worst), 10);
            // the coarse axis may not become finer than the in-plane axes
            target[worst] = tenthPercentile < maxOtherSpacing ? maxOtherSpacing + 1e-5 : tenthPercentile;
        }
        return target;
    }
}
