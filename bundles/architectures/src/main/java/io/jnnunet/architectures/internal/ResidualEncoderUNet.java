package io.jnnunet.architectures.internal;

/**
 * dynamic-network-architectures' ResidualEncoderUNet with BasicBlockD: ResidualEncoder and UNetDecoder (reference
 * 5.2). The last norm of every residual branch starts at zero, as {@code init_last_bn_before_add_to_0} sets it.
 */
final class ResidualEncoderUNet extends UNet {

    ResidualEncoderUNet(UNetConfig config, int inputChannels, int numOutputs, boolean deepSupervision) {
        super(config, inputChannels, numOutputs, deepSupervision, new ResidualEncoder(config));
    }
}
