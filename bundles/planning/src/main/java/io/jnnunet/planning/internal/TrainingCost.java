package io.jnnunet.planning.internal;

import io.jnnunet.api.ArchitecturePlan.ArchKwargs;

/**
 * Multiply-accumulates of one training iteration of a PlainConvUNet: every conv, transposed conv and segmentation
 * head of the forward pass, times 3 for forward and backward (the backward pass computes gradients for inputs and
 * weights, about twice the forward work), times the batch. The compute-budget planner ranks candidates with it and
 * turns one measured iteration into a rate for the others.
 */
public final class TrainingCost {

    private TrainingCost() {
    }

    public static double macsPerIteration(ArchKwargs kwargs, int[] patch, int inputChannels, int numOutputs, int batch) {
        int[][] sizes = FeatureMapSizeEstimate.stageSizes(patch, kwargs.strides());
        int[] features = kwargs.featuresPerStage();
        int[] convs = kwargs.nConvPerStage();
        double forward = 0;
        int channelsIn = inputChannels;
        for (int s = 0; s < sizes.length; s++) {
            double voxels = FeatureMapSizeEstimate.product(sizes[s]);
            double taps = product(kwargs.kernelSizes()[s]);
            forward += taps * voxels * features[s] * (channelsIn + (convs[s] - 1.0) * features[s]);
            channelsIn = features[s];
        }
        for (int s = sizes.length - 2; s >= 0; s--) {
            double voxels = FeatureMapSizeEstimate.product(sizes[s]);
            double taps = product(kwargs.kernelSizes()[s]);
            int decoderConvs = kwargs.nConvPerStageDecoder()[sizes.length - 2 - s];
            forward += voxels * features[s + 1] * features[s];
            forward += taps * voxels * features[s] * (2.0 * features[s] + (decoderConvs - 1.0) * features[s]);
            forward += voxels * features[s] * numOutputs;
        }
        return 3 * forward * batch;
    }

    private static double product(int[] values) {
        double product = 1;
        for (int v : values) {
            product *= v;
        }
        return product;
    }
}
