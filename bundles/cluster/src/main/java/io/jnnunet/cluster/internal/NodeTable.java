package io.jnnunet.cluster.internal;

import io.jnnunet.api.ClusterNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The nodes a head hears, by their heartbeats, timed by the head's own clock (the nodes' clocks may differ): a node is
 * gone when no heartbeat came within the timeout, and alive again with its next one.
 */
final class NodeTable {

    private final long timeoutNanos;
    /** Guarded by itself. */
    private final Map<String, Heard> nodes = new HashMap<>();

    private record Heard(ClusterNode node, long at, boolean goneSeen) {
    }

    NodeTable(int timeoutSeconds) {
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    }

    void heard(ClusterNode node) {
        synchronized (nodes) {
            // a gone node that is heard again (restarted, or only slow) is alive again
            nodes.put(node.id(), new Heard(node, System.nanoTime(), false));
        }
    }

    /** Every node heard of, gone ones marked, by id. */
    List<ClusterNode> nodes() {
        long now = System.nanoTime();
        synchronized (nodes) {
            return nodes.values().stream().map(h -> now - h.at() > timeoutNanos ? h.node().asGone() : h.node())
                    .sorted(Comparator.comparing(ClusterNode::id)).toList();
        }
    }

    /** The nodes that went silent since the last call, each once, as their last heartbeat showed them. */
    List<ClusterNode> newlyGone() {
        long now = System.nanoTime();
        List<ClusterNode> gone = new ArrayList<>();
        synchronized (nodes) {
            for (Map.Entry<String, Heard> e : nodes.entrySet()) {
                Heard h = e.getValue();
                if (!h.goneSeen() && now - h.at() > timeoutNanos) {
                    e.setValue(new Heard(h.node(), h.at(), true));
                    gone.add(h.node());
                }
            }
        }
        return gone;
    }

    /** Workers alive now, at least 1: the units of a job are cut for them. */
    int workers() {
        return (int) Math.max(1, nodes().stream().filter(n -> !n.gone() && n.roles().contains(ClusterSettings.WORKER))
                .count());
    }

    /** Alive workers other than these. */
    boolean otherWorkersThan(List<String> excluded) {
        return nodes().stream().anyMatch(n -> !n.gone() && n.roles().contains(ClusterSettings.WORKER)
                && !excluded.contains(n.id()));
    }
}
