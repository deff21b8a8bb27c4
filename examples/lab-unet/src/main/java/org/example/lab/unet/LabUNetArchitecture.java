package org.example.lab.unet;

import ai.djl.nn.Block;
import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.network.NetworkArchitecture;
import org.osgi.service.component.annotations.Component;

/**
 * A lab's own architecture, offered to jnnunet as a service: plans whose {@code network_class_name} ends in
 * {@code .LabUNet} train and predict with it.
 */
@Component(service = NetworkArchitecture.class, property = NetworkArchitecture.NAME + "=LabUNet")
public class LabUNetArchitecture implements NetworkArchitecture {

    @Override
    public String name() {
        return "LabUNet";
    }

    @Override
    public Block build(ArchitecturePlan plan, int inputChannels, int numOutputs, boolean deepSupervision) {
        ArchitecturePlan.ArchKwargs kwargs = plan.archKwargs();
        return new LabUNet(kwargs.featuresPerStage(), kwargs.strides(), inputChannels, numOutputs, deepSupervision);
    }
}
