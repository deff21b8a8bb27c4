package io.jnnunet.network;

import ai.djl.nn.Block;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.Plans;

/**
 * A trained fold's network rebuilt from its checkpoint for inference: without deep supervision, its weights loaded,
 * with what the checkpoint says about how it was trained.
 *
 * @param network the initialised block with the checkpoint's weights; input {@code (batch, channels, *patch)},
 *     output the full-resolution logits
 * @param mirroringAxes nnU-Net's {@code inference_allowed_mirroring_axes}: spatial axes (0-based, of the patch) that
 *     test-time augmentation may flip
 */
public record TrainedNetwork(Block network, String trainerName, Plans plans, String configuration,
        DatasetSpec dataset, int inputChannels, int numOutputs, int[] mirroringAxes) {
}
