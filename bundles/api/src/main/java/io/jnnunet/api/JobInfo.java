package io.jnnunet.api;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a background job: what it is, where it stands, its last progress lines and, when it failed, why.
 * Plain data, so a job's state can travel to another node or a web page.
 */
public record JobInfo(String id, String description, State state, Instant submitted, Instant started,
        Instant finished, List<String> lastLines, String error) {

    public enum State { QUEUED, RUNNING, FINISHED, FAILED, CANCELLED }

    public JobInfo {
        lastLines = List.copyOf(lastLines);
    }
}
