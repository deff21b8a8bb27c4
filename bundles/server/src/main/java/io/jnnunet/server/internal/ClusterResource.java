package io.jnnunet.server.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.api.ClusterNode;
import io.jnnunet.api.ClusterStatus;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code GET /api/cluster}: this node's roles and the nodes its heartbeats show, as {@code nnunet:cluster}. */
@Component(service = ClusterResource.class)
@JaxrsResource
@JaxrsApplicationSelect(LabApplication.SELECT)
@Path("cluster")
public class ClusterResource {

    /** The answer; {@code roles} empty for a node on its own. */
    public record Cluster(@JsonProperty("node") String node, @JsonProperty("roles") List<String> roles,
            @JsonProperty("broker") String broker, @JsonProperty("nodes") List<ClusterNode> nodes) {
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClusterStatus cluster;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Cluster cluster(@Context SecurityContext caller) {
        Roles.requireUser(caller);
        ClusterStatus status = cluster;
        if (status == null) {
            throw new ApiException(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), "the cluster is not running"
                    + " on this node (feature jnnunet-cluster; the log says why when etc/io.jnnunet.cluster.cfg gives"
                    + " it roles)");
        }
        return new Cluster(status.node(), status.roles(), status.broker(), status.nodes());
    }
}
