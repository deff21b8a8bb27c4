package io.jnnunet.architectures.internal;

import ai.djl.nn.Block;
import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.api.ArchitecturePlan.ArchKwargs;
import io.jnnunet.network.NetworkArchitecture;
import org.osgi.service.component.annotations.Component;

/** Builds the network of the ResEnc presets, ResidualEncoderUNet, from a plan. */
@Component(service = NetworkArchitecture.class,
        property = NetworkArchitecture.NAME + "=" + ResidualEncoderUNetArchitecture.NAME)
public class ResidualEncoderUNetArchitecture implements NetworkArchitecture {

    static final String NAME = "ResidualEncoderUNet";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block build(ArchitecturePlan plan, int inputChannels, int numOutputs, boolean deepSupervision) {
        UNetConfig config = UNetConfig.of(plan, NAME, "n_blocks_per_stage", ArchKwargs::nBlocksPerStage);
        return new ResidualEncoderUNet(config, inputChannels, numOutputs, deepSupervision);
    }
}
