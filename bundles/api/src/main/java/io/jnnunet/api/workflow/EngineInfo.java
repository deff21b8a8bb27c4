package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The compute engine: DJL's PyTorch engine, the devices it sees and its threads.
 *
 * @param engine the engine's name, {@code PyTorch}
 * @param version the native engine's version, e.g. {@code 2.7.1}
 * @param djlVersion DJL's version
 * @param threads threads inside one operation (PyTorch's intra-op threads)
 * @param interOpThreads threads that run independent operations in parallel
 */
public record EngineInfo(
        @JsonProperty("engine") String engine,
        @JsonProperty("version") String version,
        @JsonProperty("djl_version") String djlVersion,
        @JsonProperty("devices") List<Device> devices,
        @JsonProperty("threads") int threads,
        @JsonProperty("interop_threads") int interOpThreads) {

    public EngineInfo {
        devices = List.copyOf(devices);
    }

    /**
     * @param name {@code cpu} or {@code gpu:N}, as a request's {@code device} names it
     * @param memoryBytes the device's memory, or -1 when unknown
     * @param isDefault the device work goes to unless a request names another
     */
    public record Device(
            @JsonProperty("name") String name,
            @JsonProperty("description") String description,
            @JsonProperty("memory_bytes") long memoryBytes,
            @JsonProperty("default") boolean isDefault) {
    }
}
