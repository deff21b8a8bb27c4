package io.jnnunet.server.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.api.JobsElsewhereException;
import io.jnnunet.api.QueueFullException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure as a JSON body {@code {"status": 400, "error": "Bad Request", "message": "..."}}: the server's own
 * refusals with their status, JAX-RS's (unknown route, wrong method) with theirs, a request record's refusal
 * ({@link IllegalArgumentException}: a missing or malformed field) as 400, a full job queue as 429 with
 * {@code Retry-After}, a job posted to a cluster's worker as 409; anything else is 500 with its message, and its
 * stack trace goes to the log, never to the client.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("jnnunet.errors")
@JaxrsApplicationSelect(LabApplication.SELECT)
public class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    /** The error body. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorBody(@JsonProperty("status") int status, @JsonProperty("error") String error,
            @JsonProperty("message") String message, @JsonProperty("details") Object details) {
    }

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof ApiException api) {
            Response.ResponseBuilder response = body(api.status(), api.getMessage(), api.details());
            api.headers().forEach(response::header);
            return response.build();
        }
        if (e instanceof QueueFullException full) {
            return body(429, full.getMessage(), null)
                    .header("Retry-After", Integer.toString(full.retryAfterSeconds())).build();
        }
        if (e instanceof JobsElsewhereException elsewhere) {
            return body(409, elsewhere.getMessage(), null).build();
        }
        if (e instanceof WebApplicationException web) {
            Response r = web.getResponse();
            return body(r.getStatus(), message(web), null).build();
        }
        if (e instanceof IllegalArgumentException) {
            return body(400, message(e), null).build();
        }
        LOG.error("request failed", e);
        return body(500, message(e), null).build();
    }

    private static Response.ResponseBuilder body(int status, String message, Object details) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String reason = status == 429 ? "Too Many Requests" : type == null ? "Error" : type.getReasonPhrase();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(status, reason, message, details));
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
