package io.jnnunet.server.internal;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/**
 * The server's two roles and the checks resources make with the {@link SecurityContext} that {@link AuthFilter}
 * sets: {@value #ADMIN} (train, delete, datasets, tokens) and {@value #USER} (predict, own jobs); an admin is a user
 * too. A request that reaches a check without a login (no filter in front of it) gets 401, never a pass.
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String USER = "user";
    /** Every role of the server, in the order messages list them. */
    static final List<String> ALL = List.of(ADMIN, USER);
    /** The realm a 401 names, so that a browser or curl knows to send HTTP Basic credentials. */
    static final String CHALLENGE = "Basic realm=\"jnnunet\"";

    private Roles() {
    }

    /** @throws ApiException 403 unless the caller has the role {@value #ADMIN} */
    public static void requireAdmin(SecurityContext caller) {
        require(caller, ADMIN);
    }

    /** @throws ApiException 403 unless the caller has the role {@value #USER} (admins have it) */
    public static void requireUser(SecurityContext caller) {
        require(caller, USER);
    }

    /** The caller's user name, which owns the jobs they submit. */
    public static String owner(SecurityContext caller) {
        return principal(caller).getName();
    }

    /** The roles of the server the caller has, in {@link #ALL}'s order. */
    static List<String> of(SecurityContext caller) {
        return ALL.stream().filter(caller::isUserInRole).toList();
    }

    /** The 401 of a request without credentials. */
    static ApiException loginNeeded() {
        return unauthorized("this needs a login: HTTP Basic with a Karaf user, or Authorization: Bearer <token>");
    }

    /** A 401 that asks for credentials. */
    static ApiException unauthorized(String message) {
        return new ApiException(Response.Status.UNAUTHORIZED.getStatusCode(), message, null,
                Map.of(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE));
    }

    private static void require(SecurityContext caller, String role) {
        Principal principal = principal(caller);
        if (!caller.isUserInRole(role)) {
            List<String> roles = of(caller);
            throw ApiException.forbidden("this needs the role " + role + "; you (" + principal.getName() + ") have "
                    + (roles.isEmpty() ? "none of " + ALL : roles));
        }
    }

    private static Principal principal(SecurityContext caller) {
        Principal principal = caller == null ? null : caller.getUserPrincipal();
        if (principal == null) {
            throw loginNeeded();
        }
        return principal;
    }
}
