package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What the lab server is and does right now.
 *
 * @param address where its API answers, {@code http://127.0.0.1:8181/api/}
 * @param warning why it listens on another address than configured (the shipped password is unchanged), or null
 * @param queue its job queue
 * @param loadedModels the models kept loaded for single images
 * @param watchFolders the folders it predicts images from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerInfo(
        @JsonProperty("version") String version,
        @JsonProperty("address") String address,
        @JsonProperty("warning") String warning,
        @JsonProperty("queue") Queue queue,
        @JsonProperty("loaded_models") List<LoadedModel> loadedModels,
        @JsonProperty("watch_folders") List<WatchFolder> watchFolders) {

    public ServerInfo {
        loadedModels = List.copyOf(loadedModels);
        watchFolders = List.copyOf(watchFolders);
    }

    /** The job queue: how many jobs wait and run, and how many it takes before it answers 429. */
    public record Queue(@JsonProperty("queued") int queued, @JsonProperty("running") int running,
            @JsonProperty("limit") int limit) {
    }

    /** A model kept loaded. */
    public record LoadedModel(@JsonProperty("model") String model, @JsonProperty("folds") List<String> folds,
            @JsonProperty("checkpoint") String checkpoint, @JsonProperty("bytes") long bytes,
            @JsonProperty("last_used") Instant lastUsed) {
    }

    /** A watch folder and what it did since it started. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WatchFolder(@JsonProperty("name") String name, @JsonProperty("inbox") String inbox,
            @JsonProperty("outbox") String outbox, @JsonProperty("model") String model,
            @JsonProperty("done") long done, @JsonProperty("failed") long failed,
            @JsonProperty("last_error") String lastError) {
    }
}
