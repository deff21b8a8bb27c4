package io.jnnunet.api.workflow;

/**
 * What the compute engine is, for listings ({@code nnunet:engine}) without the DJL types. Registered while the engine
 * runs.
 */
public interface EngineStatus {

    EngineInfo engine();
}
