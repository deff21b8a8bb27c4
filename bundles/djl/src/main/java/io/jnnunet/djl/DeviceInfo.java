package io.jnnunet.djl;

import ai.djl.Device;

/** A device the engine can compute on, with what a user wants to know of it. */
public record DeviceInfo(Device device, String description, long memoryBytes) {

    public boolean isGpu() {
        return device.isGpu();
    }
}
