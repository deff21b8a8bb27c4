package io.jnnunet.server.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.CredentialException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.ws.rs.core.SecurityContext;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JAAS login against Karaf's realm {@value #REALM} (etc/users.properties unless a lab plugged in another module,
 * LDAP say), the way Karaf's shell logs its users in. The realm's entries come from the {@link JaasRealm} services
 * (the best ranked one named {@value #REALM}, as Karaf's own JAAS configuration picks), so this component is only
 * there once Karaf's realm is, and a login never fails because it came too early.
 */
@Component(service = KarafLogin.class)
public class KarafLogin {

    static final String REALM = "karaf";
    private static final Logger LOG = LoggerFactory.getLogger(KarafLogin.class);

    private final List<JaasRealm> realms;

    @Activate
    public KarafLogin(@Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE,
            policyOption = ReferencePolicyOption.GREEDY) List<JaasRealm> realms) {
        this.realms = List.copyOf(realms);
    }

    /**
     * Logs a user in.
     *
     * @return the caller with the server's roles their Karaf roles give; empty when the realm refuses the name or
     *         password (or the account is locked or expired)
     * @throws LoginException when the realm cannot check them at all (no realm {@value #REALM}, a broken module)
     */
    public Optional<Caller> login(String user, String password) throws LoginException {
        long start = System.nanoTime();
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the realm's module class (Karaf's ProxyLoginModule, boot-delegated) through the
        // context class loader, which on a Jetty thread is none of ours
        thread.setContextClassLoader(KarafLogin.class.getClassLoader());
        try {
            new LoginContext(REALM, subject, callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(user);
                    } else if (callback instanceof PasswordCallback secret) {
                        secret.setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(callback, "only a name and a password are known");
                    }
                }
            }, configuration()).login();
        } catch (FailedLoginException | AccountException | CredentialException refused) {
            LOG.debug("realm {} refused {} ({} ms): {}", REALM, user, millisSince(start), refused.getMessage());
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
        }
        Set<String> roles = subject.getPrincipals(RolePrincipal.class).stream().map(RolePrincipal::getName)
                .collect(Collectors.toSet());
        // the module's own spelling of the name (an LDAP module may change its case)
        String name = subject.getPrincipals(UserPrincipal.class).stream().map(UserPrincipal::getName).findFirst()
                .orElse(user);
        LOG.debug("realm {} logged {} in with roles {} ({} ms)", REALM, name, roles, millisSince(start));
        return Optional.of(Caller.of(name, roles, SecurityContext.BASIC_AUTH));
    }

    private Configuration configuration() throws LoginException {
        JaasRealm realm = realms.stream().filter(r -> REALM.equals(r.getName()))
                .max(Comparator.comparingInt(JaasRealm::getRank))
                .orElseThrow(() -> new LoginException("Karaf has no JAAS realm named " + REALM + ", only "
                        + realms.stream().map(JaasRealm::getName).toList()));
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return REALM.equals(name) ? realm.getEntries() : null;
            }
        };
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
