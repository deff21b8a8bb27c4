package io.jnnunet.server.internal;

import java.security.Principal;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import javax.ws.rs.core.SecurityContext;

/**
 * Who sent a request, once a login or a token said so: the user name (the owner of the jobs they submit), the
 * server's roles they have and how they proved it ({@link SecurityContext#BASIC_AUTH} or {@link #BEARER}).
 */
record Caller(String name, Set<String> roles, String scheme) implements Principal {

    static final String BEARER = "Bearer";

    Caller {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(scheme, "scheme");
    }

    /**
     * A caller with the server's roles that Karaf roles (or a token's role) give: {@value Roles#ADMIN} gives admin and
     * user, {@value Roles#USER} gives user, any other (Karaf's viewer, manager, ...) none.
     */
    static Caller of(String name, Collection<String> karafRoles, String scheme) {
        Set<String> roles = karafRoles.contains(Roles.ADMIN) ? Set.of(Roles.ADMIN, Roles.USER)
                : karafRoles.contains(Roles.USER) ? Set.of(Roles.USER) : Set.of();
        return new Caller(name, roles, scheme);
    }

    @Override
    public String getName() {
        return name;
    }

    /** The request's {@link SecurityContext} for this caller. */
    SecurityContext context(boolean secure) {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return Caller.this;
            }

            @Override
            public boolean isUserInRole(String role) {
                return roles.contains(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return scheme;
            }
        };
    }
}
