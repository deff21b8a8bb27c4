package io.jnnunet.training.internal;

import ai.djl.Device;
import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.api.IterationProbe;
import io.jnnunet.api.NamedServices;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.Precision;
import io.jnnunet.network.NetworkArchitecture;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Times nnU-Net's training iteration ({@link IterationTimer}) for the budget planner. */
@Component(service = IterationProbe.class)
public class NnunetIterationProbe implements IterationProbe {

    private final ComputeEngine engine;
    private final NamedServices<NetworkArchitecture> architectures = NnunetTrainer.architectures();

    @Activate
    public NnunetIterationProbe(@Reference(name = "engine") ComputeEngine engine) {
        this.engine = engine;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeArchitecture")
    void addArchitecture(NetworkArchitecture architecture, Map<String, Object> properties) {
        architectures.add(architecture, properties);
    }

    void removeArchitecture(NetworkArchitecture architecture) {
        architectures.remove(architecture);
    }

    @Override
    public double secondsPerIteration(ArchitecturePlan architecture, int inputChannels, int numOutputs,
            int batchSize, int[] patchSize, boolean batchDice, String device, String precision) {
        Device target = device == null ? engine.defaultDevice() : engine.device(device);
        Precision asked = precision == null ? Precision.FP32 : Precision.parse(precision, "precision");
        Precision chosen = engine.precision(asked, target).precision();
        return IterationTimer.secondsPerIteration(engine, target, architectures.require(architecture.name()),
                architecture, inputChannels, numOutputs, batchSize, patchSize, batchDice, chosen);
    }
}
