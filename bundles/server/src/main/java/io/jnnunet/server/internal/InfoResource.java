package io.jnnunet.server.internal;

import io.jnnunet.api.workflow.EngineInfo;
import io.jnnunet.api.workflow.EngineStatus;
import java.util.Map;
import java.util.LinkedHashMap;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code GET /api/info}: what this server is and runs. */
@Component(service = InfoResource.class)
@JaxrsResource
@JaxrsApplicationSelect(LabApplication.SELECT)
@Path("info")
public class InfoResource {

    private final String version;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EngineStatus engine;

    @Activate
    public InfoResource(BundleContext context) {
        version = context.getBundle().getVersion().toString();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "jnnunet");
        info.put("version", version);
        EngineStatus status = engine;
        EngineInfo engineInfo = status == null ? null : status.engine();
        info.put("engine", engineInfo);
        return info;
    }
}
