package io.jnnunet.network;

import ai.djl.nn.Block;
import io.jnnunet.api.ArchitecturePlan;

/**
 * A network architecture that builds a U-Net from a configuration's {@code architecture} section. Registered as a
 * service with the property {@value #NAME} = the short class name in the plans ({@code PlainConvUNet}); the trainer
 * and predictor look it up by that name at the moment they need it, so an architecture bundle can be installed,
 * updated or removed at runtime.
 */
public interface NetworkArchitecture {

    /** Service property: the architecture's name, the last part of the plans' {@code network_class_name}. */
    String NAME = "architecture.name";

    String name();

    /**
     * Builds the network, not yet initialised. Its input is {@code (batch, inputChannels, *patch)}. With deep
     * supervision it outputs one logits array per decoder resolution, full resolution first, as nnU-Net does; without
     * it, only the full-resolution logits.
     *
     * @param numOutputs segmentation heads: labels including background, or regions
     */
    Block build(ArchitecturePlan plan, int inputChannels, int numOutputs, boolean deepSupervision);
}
