package io.jnnunet.workflow.internal.engine;

import io.jnnunet.api.workflow.EngineInfo;
import io.jnnunet.api.workflow.EngineStatus;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.DeviceInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The compute engine as plain data, so that the shell lists it without importing DJL. Registered only while a
 * {@link ComputeEngine} runs; its package is the only one of this bundle that uses DJL, whose import is optional, so
 * the workflows resolve without it.
 */
@Component(service = EngineStatus.class)
public class ComputeEngineStatus implements EngineStatus {

    private final ComputeEngine engine;

    @Activate
    public ComputeEngineStatus(@Reference ComputeEngine engine) {
        this.engine = engine;
    }

    @Override
    public EngineInfo engine() {
        return new EngineInfo(engine.engineName(), engine.engineVersion(), engine.djlVersion(),
                engine.devices().stream().map(this::device).toList(), engine.threads(), engine.interOpThreads());
    }

    private EngineInfo.Device device(DeviceInfo device) {
        return new EngineInfo.Device(device.name(), device.description(), device.memoryBytes(),
                device.device().equals(engine.defaultDevice()));
    }
}
