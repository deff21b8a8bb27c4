package io.jnnunet.architectures.internal;

/** dynamic-network-architectures' PlainConvUNet: PlainConvEncoder and UNetDecoder (reference 5.1). */
final class PlainConvUNet extends UNet {

    PlainConvUNet(UNetConfig config, int inputChannels, int numOutputs, boolean deepSupervision) {
        super(config, inputChannels, numOutputs, deepSupervision, new PlainConvEncoder(config));
    }
}
