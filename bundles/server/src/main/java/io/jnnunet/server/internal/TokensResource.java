package io.jnnunet.server.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.server.internal.TokenStore.IssuedToken;
import io.jnnunet.server.internal.TokenStore.TokenInfo;
import java.io.IOException;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/tokens}, for admins: {@code POST} creates a token for a user and a role and answers it once,
 * {@code GET} lists them without their secrets, {@code DELETE /api/tokens/{id}} revokes one.
 */
@Component(service = TokensResource.class)
@JaxrsResource
@JaxrsApplicationSelect(LabApplication.SELECT)
@Path("tokens")
public class TokensResource {

    /** The body of {@code POST /api/tokens}. */
    public record TokenRequest(@JsonProperty("user") String user, @JsonProperty("role") String role,
            @JsonProperty("description") String description) {
    }

    private final TokenStore tokens;

    @Activate
    public TokensResource(@Reference TokenStore tokens) {
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(TokenRequest request, @Context SecurityContext caller) throws IOException {
        Roles.requireAdmin(caller);
        if (request == null) {
            throw ApiException.badRequest("the body must be {\"user\": ..., \"role\": \"user\" or \"admin\","
                    + " \"description\": ...}");
        }
        IssuedToken issued = tokens.create(request.user(), request.role(), request.description());
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        // the secret is in this answer only: no cache may keep it
        return Response.status(Response.Status.CREATED).cacheControl(noStore).entity(issued).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<TokenInfo> list(@Context SecurityContext caller) {
        Roles.requireAdmin(caller);
        return tokens.list();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id, @Context SecurityContext caller) throws IOException {
        Roles.requireAdmin(caller);
        String checked = checked(id);
        if (!tokens.revoke(checked)) {
            throw ApiException.notFound("no token " + checked);
        }
        return Response.noContent().build();
    }

    private static String checked(String id) {
        if (!TokenStore.ID.matcher(id).matches()) {
            throw ApiException.badRequest("a token id is 1 to 64 letters, digits, _ or -, not '" + id + "'");
        }
        return id;
    }
}
