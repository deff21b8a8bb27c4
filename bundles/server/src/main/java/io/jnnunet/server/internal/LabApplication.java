package io.jnnunet.server.internal;

import java.util.Set;
import javax.ws.rs.core.Application;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * The server's JAX-RS application under {@value #BASE}: its resources and extensions join it from the registry
 * (selected by its name), so a lab's bundle can add an endpoint beside ours.
 */
@Component(service = Application.class)
@JaxrsApplicationBase(LabApplication.BASE)
@JaxrsName(LabApplication.NAME)
// served only while the login filter is there: no route is ever open without it
@JaxrsExtensionSelect("(osgi.jaxrs.name=" + AuthFilter.NAME + ")")
public class LabApplication extends Application {

    static final String NAME = "jnnunet";
    static final String BASE = "/api";
    static final String SELECT = "(osgi.jaxrs.name=" + NAME + ")";

    @Override
    public Set<Object> getSingletons() {
        return Set.of();
    }
}
