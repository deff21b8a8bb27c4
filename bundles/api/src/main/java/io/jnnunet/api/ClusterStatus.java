package io.jnnunet.api;

import java.util.List;

/** This node's place in a cluster of Karaf nodes that share the lab's jobs, and the nodes it hears from. */
public interface ClusterStatus {

    /** This node's id. */
    String node();

    /** This node's roles, {@code head} and/or {@code worker}; empty for a node on its own (standalone). */
    List<String> roles();

    /** Where the nodes meet: the broker's URL, or {@code null} for a node on its own. */
    String broker();

    /**
     * The nodes whose heartbeats a head hears, this one included, gone ones too, by id; a worker knows only itself.
     */
    List<ClusterNode> nodes();
}
