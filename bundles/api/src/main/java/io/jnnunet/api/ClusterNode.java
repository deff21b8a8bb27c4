package io.jnnunet.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A node of a cluster as its last heartbeat showed it.
 *
 * @param roles {@code head} and/or {@code worker}
 * @param device where it runs networks: DJL's device and its threads
 * @param unit the unit it runs ({@code job 12 unit 3/5: train Dataset001_Cells 2d fold 2}), {@code null} when idle
 * @param unitsDone the units it ended since it started
 * @param lastHeartbeat when its last heartbeat was sent
 * @param gone no heartbeat came within the cluster's heartbeat timeout
 */
public record ClusterNode(@JsonProperty("id") String id, @JsonProperty("roles") List<String> roles,
        @JsonProperty("device") String device, @JsonProperty("unit") String unit,
        @JsonProperty("units_done") int unitsDone, @JsonProperty("started") Instant started,
        @JsonProperty("last_heartbeat") Instant lastHeartbeat, @JsonProperty("gone") boolean gone) {

    public ClusterNode {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** The same node, shown as gone. */
    public ClusterNode asGone() {
        return new ClusterNode(id, roles, device, unit, unitsDone, started, lastHeartbeat, true);
    }
}
