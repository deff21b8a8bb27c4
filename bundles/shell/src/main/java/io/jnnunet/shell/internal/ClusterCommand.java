package io.jnnunet.shell.internal;

import io.jnnunet.api.ClusterNode;
import io.jnnunet.api.ClusterStatus;
import io.jnnunet.api.Durations;
import java.time.Duration;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "nnunet", name = "cluster",
        description = "This node's roles in the cluster and the nodes the head hears: id, roles, device, the unit each"
                + " runs, its last heartbeat; a node without heartbeats is shown gone")
public class ClusterCommand implements Action {

    @Reference(optional = true)
    ClusterStatus cluster;

    @Override
    public Object execute() {
        if (cluster == null) {
            throw new IllegalStateException("the cluster is not running on this node (feature jnnunet-cluster; its"
                    + " log says why when etc/io.jnnunet.cluster.cfg gives it roles)");
        }
        if (cluster.roles().isEmpty()) {
            System.out.println("Node " + cluster.node() + " is on its own (etc/io.jnnunet.cluster.cfg: roles is"
                    + " empty): its jobs run here.");
            return null;
        }
        System.out.println("Node " + cluster.node() + ": " + String.join(", ", cluster.roles()) + "; broker "
                + cluster.broker());
        ShellTable table = new ShellTable();
        table.column("Node");
        table.column("Roles");
        table.column("State");
        table.column("Device");
        table.column("Running unit").maxSize(70).wrap();
        table.column("Units done").alignRight();
        table.column("Last heartbeat").alignRight();
        table.emptyTableText("no heartbeat heard yet");
        Instant now = Instant.now();
        for (ClusterNode node : cluster.nodes()) {
            table.addRow().addContent(node.id(), String.join(", ", node.roles()), node.gone() ? "gone" : "alive",
                    node.device(), node.unit() == null ? "" : node.unit(), node.unitsDone(),
                    node.lastHeartbeat() == null ? "" : Durations.format(Math.max(0,
                            Duration.between(node.lastHeartbeat(), now).toMillis() / 1000.0)) + " ago");
        }
        table.print(System.out);
        return null;
    }
}
