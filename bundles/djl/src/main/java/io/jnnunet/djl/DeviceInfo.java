package io.jnnunet.djl;

import ai.djl.Device;

/** A device the engine can compute on, with what a user wants to know of it. */
public record DeviceInfo(Device device, String description, long memoryBytes) {

    public boolean isGpu() {
        return device.isGpu();
    }

    /** The name {@link ComputeEngine#device(String)} takes: {@code cpu} or {@code gpu:N}. */
    public String name() {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
    }
}
