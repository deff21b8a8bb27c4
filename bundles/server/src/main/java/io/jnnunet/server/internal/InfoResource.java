package io.jnnunet.server.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.api.workflow.EngineInfo;
import io.jnnunet.api.workflow.EngineStatus;
import io.jnnunet.api.workflow.ServerInfo;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code GET /api/info}: the server's version and address, the engine and its devices, the queue, warm models. */
@Component(service = InfoResource.class)
@JaxrsResource
@JaxrsApplicationSelect(LabApplication.SELECT)
@Path("info")
public class InfoResource {

    /** The answer: the server's state and the engine's (null while the engine is not running). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Info(@JsonProperty("name") String name, @JsonProperty("server") ServerInfo server,
            @JsonProperty("engine") EngineInfo engine, @JsonProperty("user") String user) {
    }

    private final LabServer server;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EngineStatus engine;

    @Activate
    public InfoResource(@Reference LabServer server) {
        this.server = server;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Info info(@Context SecurityContext caller) {
        Roles.requireUser(caller);
        EngineStatus status = engine;
        return new Info("jnnunet", server.server(), status == null ? null : status.engine(), Roles.owner(caller));
    }
}
