package io.jnnunet.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a job: what it is, where it stands, and its result or why it failed. Plain data, so a job's state can
 * be stored, travel to another node or a web page.
 *
 * @param owner who submitted it (the server's user), {@code null} for the shell and the system
 * @param progress the fraction done, 0..1, of the task it reports last
 * @param message its last message or progress line
 * @param lastLines its last messages, oldest first
 * @param result what its runner returned, as JSON, once FINISHED; else {@code null}
 */
public record JobInfo(@JsonProperty("id") String id, @JsonProperty("spec") JobSpec spec,
        @JsonProperty("description") String description, @JsonProperty("owner") String owner,
        @JsonProperty("state") State state, @JsonProperty("progress") double progress,
        @JsonProperty("message") String message, @JsonProperty("submitted") Instant submitted,
        @JsonProperty("started") Instant started, @JsonProperty("finished") Instant finished,
        @JsonProperty("error") String error, @JsonProperty("result") JsonNode result,
        @JsonProperty("last_lines") List<String> lastLines) {

    public enum State {
        QUEUED, RUNNING, FINISHED, FAILED, CANCELLED;

        /** True for FINISHED, FAILED and CANCELLED. */
        public boolean ended() {
            return this == FINISHED || this == FAILED || this == CANCELLED;
        }
    }

    public JobInfo {
        lastLines = lastLines == null ? List.of() : List.copyOf(lastLines);
    }
}
