package io.jnnunet.server.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.properties.PropertiesLoginModule;

/**
 * Karaf's realm {@value KarafLogin#REALM} as the distribution has it: Karaf's own properties login module reading a
 * users.properties file, with the shipped karaf/karaf in admingroup.
 */
final class KarafRealms {

    /** The distribution's users (karaf-assembly's etc/users.properties) and two more of the server's roles. */
    static final String USERS = """
            karaf = karaf,_g_:admingroup
            _g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh
            alice = wonderland,user
            bob = builder,viewer
            """;

    private KarafRealms() {
    }

    /** Writes users.properties in a folder and logs in against it. */
    static KarafLogin login(Path folder, String users) throws IOException {
        Path file = Files.writeString(folder.resolve("users.properties"), users);
        return new KarafLogin(List.of(realm(KarafLogin.REALM, file)));
    }

    static JaasRealm realm(String name, Path users) {
        return new JaasRealm() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public int getRank() {
                return 0;
            }

            @Override
            public AppConfigurationEntry[] getEntries() {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(PropertiesLoginModule.class.getName(),
                        LoginModuleControlFlag.REQUIRED, Map.of("users", users.toString()))};
            }
        };
    }
}
