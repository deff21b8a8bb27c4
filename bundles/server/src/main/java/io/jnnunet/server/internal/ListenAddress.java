package io.jnnunet.server.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.security.auth.login.LoginException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes pax-web's HTTP server listen where the server's settings say ({@link ServerConfig#host()},
 * {@link ServerConfig#port()}), so that one file holds the server's address: it writes them to pax-web's PID
 * {@value #PAX_WEB_PID} when they differ from what is there (a change restarts Jetty, so only then). A host beyond
 * this machine is refused while Karaf's shipped user {@value #SHIPPED_USER} still logs in with its shipped password:
 * the server then listens on {@value #LOOPBACK} and logs an error that says how to change the password.
 */
@Component(service = {}, immediate = true, configurationPid = ServerConfig.PID)
public class ListenAddress {

    static final String PAX_WEB_PID = "org.ops4j.pax.web";
    /** pax-web 8's keys (PaxWebConfig.PID_CFG_LISTENING_ADDRESSES, PID_CFG_HTTP_PORT): comma-separated hosts. */
    static final String ADDRESSES = "org.ops4j.pax.web.listening.addresses";
    static final String PORT = "org.osgi.service.http.port";
    static final String SHIPPED_USER = "karaf";
    static final String SHIPPED_PASSWORD = "karaf";
    static final String LOOPBACK = "127.0.0.1";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /**
     * Hex digits, colons and dots, with a colon, starting with a digit or colon: InetAddress parses these as an IPv6
     * literal, or refuses them, without a look-up.
     */
    private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Logger LOG = LoggerFactory.getLogger(ListenAddress.class);

    private final ConfigurationAdmin configurations;
    private final KarafLogin karaf;

    @Activate
    public ListenAddress(@Reference ConfigurationAdmin configurations, @Reference KarafLogin karaf,
            ServerConfig config) throws IOException {
        this.configurations = configurations;
        this.karaf = karaf;
        apply(config);
    }

    @Modified
    void modified(ServerConfig config) throws IOException {
        apply(config);
    }

    private void apply(ServerConfig config) throws IOException {
        String host = Arrays.stream(config.host().split(",")).map(String::strip).filter(h -> !h.isEmpty())
                .collect(Collectors.joining(","));
        int port = config.port();
        if (host.isEmpty() || port < 1 || port > 65535) {
            LOG.error("{}: host '{}' and port {} are no address to listen on; the HTTP server stays where it is",
                    ServerConfig.PID, config.host(), port);
            return;
        }
        if (!isLoopback(host)) {
            String refusal = refusal(host);
            if (refusal != null) {
                LOG.error(refusal);
                host = LOOPBACK;
            }
        }
        // null location: the configuration stays pax-web's, whichever bundle writes it
        Configuration web = configurations.getConfiguration(PAX_WEB_PID, null);
        Dictionary<String, Object> properties = web.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        String portText = Integer.toString(port);
        Object oldHost = properties.get(ADDRESSES);
        Object oldPort = properties.get(PORT);
        if (host.equals(String.valueOf(oldHost)) && portText.equals(String.valueOf(oldPort))) {
            return;
        }
        LOG.info("the HTTP server moves from {}:{} to {}:{} (Jetty restarts)", oldHost, oldPort, host, portText);
        // strings, as pax-web's etc/org.ops4j.pax.web.cfg holds them
        properties.put(ADDRESSES, host);
        properties.put(PORT, portText);
        web.update(properties);
    }

    /** Why the host may not be used now, or null when it may. */
    private String refusal(String host) {
        String refused = ServerConfig.PID + ": host " + host + " refused; the HTTP server listens on " + LOOPBACK
                + " only, because ";
        String fix = " Change the password in the Karaf shell (jaas:realm-manage --realm " + KarafLogin.REALM
                + "; jaas:user-add " + SHIPPED_USER + " <new password>; jaas:update) or in etc/users.properties, then"
                + " apply the host again (config:edit " + ServerConfig.PID + "; config:property-set host " + host
                + "; config:update) or restart.";
        try {
            if (karaf.login(SHIPPED_USER, SHIPPED_PASSWORD).isEmpty()) {
                return null;
            }
            return refused + "Karaf's shipped user " + SHIPPED_USER + " still logs in with the password "
                    + SHIPPED_PASSWORD + ", which would let anyone on the network in as an admin." + fix;
        } catch (LoginException e) {
            return refused + "it cannot be checked whether the shipped password of " + SHIPPED_USER
                    + " is unchanged (" + e.getMessage() + ")." + fix;
        }
    }

    /**
     * Whether every one of the comma-separated addresses is this machine only: {@code localhost} or a loopback IP
     * literal (127.x.x.x, ::1). Another host name counts as beyond, whatever it resolves to now.
     */
    static boolean isLoopback(String addresses) {
        return Arrays.stream(addresses.split(",")).map(String::strip).allMatch(ListenAddress::isLoopbackHost);
    }

    private static boolean isLoopbackHost(String host) {
        if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        if (IPV4.matcher(host).matches()) {
            int[] octets = Arrays.stream(host.split("\\.")).mapToInt(Integer::parseInt).toArray();
            return octets[0] == 127 && Arrays.stream(octets).allMatch(o -> o <= 255);
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        // only an IPv6 literal is parsed (InetAddress would look a name up, and a name is not trusted)
        if (!IPV6.matcher(literal).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
