package io.jnnunet.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.ws.rs.core.SecurityContext;
import org.junit.Test;

public class RolesTest {

    private static SecurityContext caller(String name, String... karafRoles) {
        return Caller.of(name, Set.of(karafRoles), SecurityContext.BASIC_AUTH).context(false);
    }

    @Test
    public void karafsAdminRoleGivesAdminAndUserItsUserRoleUserAndOthersNone() {
        assertEquals(Set.of(Roles.ADMIN, Roles.USER), Caller.of("karaf", Set.of("admin", "manager"), "BASIC").roles());
        assertEquals(Set.of(Roles.USER), Caller.of("alice", Set.of("user"), "BASIC").roles());
        assertEquals(Set.of(), Caller.of("bob", Set.of("viewer", "ssh"), "BASIC").roles());
    }

    @Test
    public void anAdminPassesBothChecks() {
        SecurityContext karaf = caller("karaf", "admin");
        Roles.requireAdmin(karaf);
        Roles.requireUser(karaf);
        assertEquals("karaf", Roles.owner(karaf));
        assertEquals(List.of(Roles.ADMIN, Roles.USER), Roles.of(karaf));
    }

    @Test
    public void aUserIsRefusedWhatNeedsAnAdminWith403NamingTheirRoles() {
        SecurityContext alice = caller("alice", "user");
        Roles.requireUser(alice);
        ApiException e = assertThrows(ApiException.class, () -> Roles.requireAdmin(alice));
        assertEquals(403, e.status());
        assertEquals("this needs the role admin; you (alice) have [user]", e.getMessage());
    }

    @Test
    public void aKarafUserWithoutTheServersRolesIsRefusedEverything() {
        ApiException e = assertThrows(ApiException.class, () -> Roles.requireUser(caller("bob", "viewer")));
        assertEquals(403, e.status());
        assertEquals("this needs the role user; you (bob) have none of [admin, user]", e.getMessage());
    }

    /** A resource that no filter guards (it came up first, or the filter is gone) answers 401, never serves. */
    @Test
    public void withoutALoginEveryCheckIs401WithTheBasicChallenge() {
        SecurityContext nobody = new SecurityContext() {
            @Override
            public java.security.Principal getUserPrincipal() {
                return null;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return null;
            }
        };
        for (Runnable check : List.<Runnable>of(() -> Roles.requireUser(nobody), () -> Roles.requireAdmin(nobody),
                () -> Roles.owner(nobody), () -> Roles.requireUser(null))) {
            ApiException e = assertThrows(ApiException.class, check::run);
            assertEquals(401, e.status());
            assertEquals(Map.of("WWW-Authenticate", "Basic realm=\"jnnunet\""), e.headers());
        }
    }

    @Test
    public void theSecurityContextNamesTheCallerTheirRolesAndTheScheme() {
        Caller token = Caller.of("robot", Set.of("user"), Caller.BEARER);
        SecurityContext context = token.context(true);
        assertSame(token, context.getUserPrincipal());
        assertEquals("robot", context.getUserPrincipal().getName());
        assertTrue(context.isUserInRole(Roles.USER));
        assertFalse(context.isUserInRole(Roles.ADMIN));
        assertTrue(context.isSecure());
        assertEquals("Bearer", context.getAuthenticationScheme());
        assertEquals(SecurityContext.BASIC_AUTH, caller("karaf", "admin").getAuthenticationScheme());
    }
}
