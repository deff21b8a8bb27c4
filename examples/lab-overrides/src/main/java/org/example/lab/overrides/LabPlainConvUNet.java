package org.example.lab.overrides;

import ai.djl.nn.Block;
import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.network.NetworkArchitecture;
import org.example.lab.unet.LabUNetArchitecture;
import org.osgi.service.component.annotations.Component;

/**
 * The lab's LabUNet under the built-in's name: every plan that names {@code PlainConvUNet} (nnU-Net's default plans
 * among them) trains and predicts with it while this bundle is installed, without editing a plans file. Its ranking
 * is above the built-in's (0), so jnnunet picks it; a checkpoint it trained records {@code PlainConvUNet} but holds
 * LabUNet's parameters, so it loads only while this bundle is there.
 */
@Component(service = NetworkArchitecture.class,
        property = {NetworkArchitecture.NAME + "=PlainConvUNet", "service.ranking:Integer=100"})
public class LabPlainConvUNet implements NetworkArchitecture {

    private final NetworkArchitecture labUNet = new LabUNetArchitecture();

    @Override
    public String name() {
        return "PlainConvUNet";
    }

    @Override
    public Block build(ArchitecturePlan plan, int inputChannels, int numOutputs, boolean deepSupervision) {
        return labUNet.build(plan, inputChannels, numOutputs, deepSupervision);
    }
}
