package io.jnnunet.server.internal;

import java.util.Map;
import javax.ws.rs.core.Response;

/**
 * A request the server refuses, with the status it answers and a message that names the problem; the
 * {@link ErrorMapper} writes it as the JSON error body. {@code headers} go with the response ({@code Retry-After}).
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Object details;
    private final Map<String, String> headers;

    public ApiException(int status, String message) {
        this(status, message, null, Map.of());
    }

    /** @param details a JSON value that says more (an integrity report), or {@code null} */
    public ApiException(int status, String message, Object details, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.details = details;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Response.Status.BAD_REQUEST.getStatusCode(), message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Response.Status.NOT_FOUND.getStatusCode(), message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(Response.Status.FORBIDDEN.getStatusCode(), message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(Response.Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode(), message);
    }

    public static ApiException tooManyRequests(String message, int retryAfterSeconds) {
        return new ApiException(429, message, null, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    public int status() {
        return status;
    }

    public Object details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
