package io.jnnunet.planning.internal;

import io.jnnunet.api.ArchitecturePlan;
import java.util.Arrays;

/**
 * nnU-Net's {@code get_plans_for_configuration} core: a large initial patch with the spacing's aspect ratio, clipped to
 * the median image, is shrunk axis by axis until the network's feature-map estimate fits the reference value; the
 * batch size then uses the memory left over, capped so that one batch covers at most {@code maxDatasetCovered} of
 * the dataset's voxels, and never below 2.
 *
 * @param network the U-Net configured
 * @param encoderBlocks convs or residual blocks per encoder stage (truncated to the stage count)
 * @param decoderConvs convs per decoder stage (truncated to the stage count - 1)
 * @param reference2d the 2-D reference value, already scaled to the GPU memory target
 * @param reference3d the 3-D reference value, already scaled to the GPU memory target
 * @param maxDatasetCovered fraction of the dataset's voxels one batch may cover (0.05; 1 for the ResEnc presets)
 * @param batchCorrectedShrink shrink while {@code E / refBatch * 2 > reference} (default planner since v2.4) instead of
 *        {@code E > reference} (ResEnc planners)
 */
public record PatchAndBatchRule(UNetArchitecture network, int[] encoderBlocks, int[] decoderConvs, double reference2d,
        double reference3d, double maxDatasetCovered, boolean batchCorrectedShrink) {

    /** The batch size the reference values were measured with. */
    public static final int REFERENCE_BATCH_SIZE_2D = 12;
    public static final int REFERENCE_BATCH_SIZE_3D = 2;
    public static final int MIN_BATCH_SIZE = 2;

    /** The planned topology (with the patch), its architecture entry, the estimate and the batch size. */
    public record PatchAndBatch(PoolingTopology topology, ArchitecturePlan architecture, long estimate,
            int batchSize) {

        public int[] patchSize() {
            return topology.patchSize();
        }
    }

    /**
     * Plans one configuration.
     *
     * @param spacing the configuration's target spacing (transposed; 2 or 3 axes)
     * @param medianShape the median image shape at that spacing (same axes)
     * @param approximateVoxelsDataset voxels of the median image times the number of cases
     * @param numOutputs the estimate's outputs: every label of dataset.json, as nnU-Net counts them
     * @throws IllegalArgumentException when even the smallest patch exceeds the reference
     */
    public PatchAndBatch plan(double[] spacing, double[] medianShape, double approximateVoxelsDataset,
            int numOutputs) {
        boolean is2d = spacing.length == 2;
        double reference = is2d ? reference2d : reference3d;
        int referenceBatchSize = is2d ? REFERENCE_BATCH_SIZE_2D : REFERENCE_BATCH_SIZE_3D;

        PoolingTopology topology = PoolingTopology.of(spacing, initialPatchSize(spacing, medianShape),
                PoolingTopology.MIN_FEATURE_MAP_SIZE, Integer.MAX_VALUE);
        ArchitecturePlan architecture = architecture(topology);
        long estimate = network.featureMapSize(topology.patchSize(), architecture.archKwargs(), numOutputs);
        while (tooLarge(estimate, reference, referenceBatchSize)) {
            topology = shrink(spacing, medianShape, topology, reference);
            architecture = architecture(topology);
            estimate = network.featureMapSize(topology.patchSize(), architecture.archKwargs(), numOutputs);
        }
        int batchSize = batchSize(reference, estimate, referenceBatchSize, approximateVoxelsDataset,
                topology.patchSize());
        return new PatchAndBatch(topology, architecture, estimate, batchSize);
    }

    /**
     * The first patch: volume 256^3 (3-D) or area 2048^2 (2-D) in the spacing's aspect ratio, rounded half to even,
     * then clipped to the median shape (which may be fractional).
     */
    public static double[] initialPatchSize(double[] spacing, double[] medianShape) {
        int dim = spacing.length;
        double[] inverse = new double[dim];
        double product = 1;
        for (int d = 0; d < dim; d++) {
            inverse[d] = 1 / spacing[d];
            product *= inverse[d];
        }
        double scale = dim == 3 ? Math.pow(Math.pow(256, 3) / product, 1.0 / 3)
                : Math.pow(Math.pow(2048, 2) / product, 1.0 / 2);
        double[] patch = new double[dim];
        for (int d = 0; d < dim; d++) {
            patch[d] = Math.min(Math.rint(inverse[d] * scale), medianShape[d]);
        }
        return patch;
    }

    /**
     * The batch size for a patch: {@code round(reference / estimate * refBatch)}, at most the batch that covers
     * {@code maxDatasetCovered} of the dataset, at least 2.
     */
    public int batchSize(double reference, long estimate, int referenceBatchSize, double approximateVoxelsDataset,
            int[] patchSize) {
        double fromMemory = Math.rint(reference / estimate * referenceBatchSize);
        double fromDataset = Math.rint(approximateVoxelsDataset * maxDatasetCovered / product(patchSize));
        return (int) Math.max(Math.min(fromMemory, fromDataset), MIN_BATCH_SIZE);
    }

    private boolean tooLarge(long estimate, double reference, int referenceBatchSize) {
        return batchCorrectedShrink ? (double) estimate / referenceBatchSize * 2 > reference : estimate > reference;
    }

    /**
     * One shrinking step on the axis largest relative to the median shape (the last one on ties). The step is the
     * divisor of the patch one divisor smaller, so sizes such as 224 between 256 and 192 are not skipped.
     */
    private static PoolingTopology shrink(double[] spacing, double[] medianShape, PoolingTopology topology,
            double reference) {
        int[] patch = topology.patchSize().clone();
        int axis = 0;
        for (int d = 1; d < patch.length; d++) {
            if (patch[d] / medianShape[d] >= patch[axis] / medianShape[axis]) {
                axis = d;
            }
        }
        int[] trial = patch.clone();
        trial[axis] -= topology.shapeMustBeDivisibleBy()[axis];
        patch[axis] -= PoolingTopology.of(spacing, trial).shapeMustBeDivisibleBy()[axis];
        if (patch[axis] < 1) {
            throw new IllegalArgumentException("no patch fits the GPU memory reference " + (long) reference
                    + ": the estimate still exceeds it at patch " + Arrays.toString(topology.patchSize()));
        }
        return PoolingTopology.of(spacing, patch);
    }

    private ArchitecturePlan architecture(PoolingTopology topology) {
        int[] features = UNetArchitecture.featuresPerStage(topology.nStages(), topology.patchSize().length);
        return network.plan(topology, features, encoderBlocks, decoderConvs);
    }

    private static double product(int[] size) {
        double product = 1;
        for (int v : size) {
            product *= v;
        }
        return product;
    }
}
