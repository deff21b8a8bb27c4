package io.jnnunet.architectures.internal;

import ai.djl.nn.Block;
import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.api.ArchitecturePlan.ArchKwargs;
import io.jnnunet.network.NetworkArchitecture;
import org.osgi.service.component.annotations.Component;

/** Builds nnU-Net's default network, PlainConvUNet, from a plan. */
@Component(service = NetworkArchitecture.class,
        property = NetworkArchitecture.NAME + "=" + PlainConvUNetArchitecture.NAME)
public class PlainConvUNetArchitecture implements NetworkArchitecture {

    static final String NAME = "PlainConvUNet";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block build(ArchitecturePlan plan, int inputChannels, int numOutputs, boolean deepSupervision) {
        UNetConfig config = UNetConfig.of(plan, NAME, "n_conv_per_stage", ArchKwargs::nConvPerStage);
        return new PlainConvUNet(config, inputChannels, numOutputs, deepSupervision);
    }
}
