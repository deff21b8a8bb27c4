package io.jnnunet.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.security.auth.login.LoginException;
import javax.ws.rs.core.SecurityContext;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Logins against Karaf's own properties login module, as the distribution's realm has it. */
public class KarafLoginTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void theShippedAdministratorIsAnAdminAndAUserThroughItsGroup() throws Exception {
        Caller karaf = KarafRealms.login(folder.getRoot().toPath(), KarafRealms.USERS).login("karaf", "karaf")
                .orElseThrow();
        assertEquals(new Caller("karaf", Set.of(Roles.ADMIN, Roles.USER), SecurityContext.BASIC_AUTH), karaf);
    }

    @Test
    public void aKarafRoleUserIsAUserOnlyAndOtherRolesGiveNone() throws Exception {
        KarafLogin login = KarafRealms.login(folder.getRoot().toPath(), KarafRealms.USERS);
        assertEquals(Set.of(Roles.USER), login.login("alice", "wonderland").orElseThrow().roles());
        assertEquals(Set.of(), login.login("bob", "builder").orElseThrow().roles());
    }

    @Test
    public void aWrongPasswordOrAnUnknownUserIsRefused() throws Exception {
        KarafLogin login = KarafRealms.login(folder.getRoot().toPath(), KarafRealms.USERS);
        assertTrue(login.login("karaf", "Karaf").isEmpty());
        assertTrue(login.login("karaf", "").isEmpty());
        assertTrue(login.login("mallory", "karaf").isEmpty());
    }

    @Test
    public void withoutARealmNamedKarafNoLoginCanBeChecked() {
        Path users = folder.getRoot().toPath().resolve("users.properties");
        KarafLogin login = new KarafLogin(List.of(KarafRealms.realm("other", users)));
        LoginException e = assertThrows(LoginException.class, () -> login.login("karaf", "karaf"));
        assertTrue(e.getMessage(), e.getMessage().contains("no JAAS realm named karaf, only [other]"));
    }

    /** What one login costs, for the cache's sake: printed for the record. */
    @Test
    public void aLoginTakesMilliseconds() throws Exception {
        KarafLogin login = KarafRealms.login(folder.getRoot().toPath(), KarafRealms.USERS);
        long first = System.nanoTime();
        login.login("karaf", "karaf").orElseThrow();
        System.out.printf("the first JAAS login with Karaf's properties module: %.1f ms%n",
                (System.nanoTime() - first) / 1e6);
        int logins = 200;
        long start = System.nanoTime();
        for (int i = 0; i < logins; i++) {
            login.login("karaf", "karaf").orElseThrow();
        }
        double millis = (System.nanoTime() - start) / 1e6 / logins;
        System.out.printf("later ones: %.3f ms each%n", millis);
        assertTrue(millis + " ms", millis < 1000);
    }
}
