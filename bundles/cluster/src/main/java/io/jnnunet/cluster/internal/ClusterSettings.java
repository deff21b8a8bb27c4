package io.jnnunet.cluster.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A node's cluster settings, checked ({@link ClusterComponent.Config} has their descriptions).
 *
 * @param node this node's id
 * @param roles {@code head} and/or {@code worker}; empty for a node on its own
 * @param brokerUrl where the nodes meet, {@code tcp://host:port}
 * @param embedded a head runs the broker itself, listening at {@code brokerUrl}
 * @param data the folder of the broker's journal and the head's record of the units it sent
 * @param heartbeatSeconds between two heartbeats of a node
 * @param timeoutSeconds without a heartbeat a node is gone; a broker connection without traffic is closed
 * @param maxAttempts a unit that failed (or whose worker died) this often is not sent again
 */
record ClusterSettings(String node, List<String> roles, String brokerUrl, boolean embedded, String user,
        String password, Path data, int heartbeatSeconds, int timeoutSeconds, int maxAttempts) {

    static final String HEAD = "head";
    static final String WORKER = "worker";
    /** The shipped password: a broker listening beyond loopback must have another. */
    static final String SHIPPED_PASSWORD = "jnnunet";

    ClusterSettings {
        roles = List.copyOf(roles);
        if (!node.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(ClusterComponent.PID + ": node.id may hold letters, digits, '.', '_'"
                    + " and '-', got '" + node + "'");
        }
        for (String role : roles) {
            if (!Set.of(HEAD, WORKER).contains(role)) {
                throw new IllegalArgumentException(ClusterComponent.PID + ": roles must be head, worker or both"
                        + " (separated by a comma), or empty for a node on its own; got '" + role + "'");
            }
        }
        if (heartbeatSeconds < 1 || timeoutSeconds < 2 * heartbeatSeconds) {
            throw new IllegalArgumentException(ClusterComponent.PID + ": heartbeat.seconds must be at least 1 and"
                    + " heartbeat.timeout.seconds at least twice that; got " + heartbeatSeconds + " and "
                    + timeoutSeconds);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(ClusterComponent.PID + ": max.attempts must be at least 1, got "
                    + maxAttempts);
        }
        if (!roles.isEmpty()) {
            URI uri = brokerUri(brokerUrl);
            if (embedded && roles.contains(HEAD) && !loopback(uri.getHost()) && SHIPPED_PASSWORD.equals(password)) {
                throw new IllegalArgumentException(ClusterComponent.PID + ": the broker would listen on "
                        + uri.getHost() + ", beyond this machine, with the shipped password; set broker.password"
                        + " (on every node) first");
            }
            if (user == null || user.isBlank() || password == null || password.isEmpty()) {
                throw new IllegalArgumentException(ClusterComponent.PID + ": broker.user and broker.password must"
                        + " be set: the broker takes no connection without them");
            }
        }
    }

    static ClusterSettings of(ClusterComponent.Config config, Path karafData) {
        List<String> roles = Arrays.stream(config.roles().toLowerCase(Locale.ROOT).split(",")).map(String::strip)
                .filter(role -> !role.isEmpty()).distinct().toList();
        String node = config.node_id().isBlank() ? defaultNode() : config.node_id().strip();
        return new ClusterSettings(node, roles, config.broker_url().strip(), config.broker_embedded(),
                config.broker_user(), config.broker_password(), karafData.resolve("jnnunet"),
                config.heartbeat_seconds(), config.heartbeat_timeout_seconds(), config.max_attempts());
    }

    boolean head() {
        return roles.contains(HEAD);
    }

    boolean worker() {
        return roles.contains(WORKER);
    }

    /** The URL the head's own clients use: in the same JVM as an embedded broker, else the broker's. */
    String headUrl() {
        return embedded ? EmbeddedBroker.IN_VM : brokerUrl;
    }

    /** The host name, and the Karaf instance's name when it is not the default one (several nodes on a host). */
    private static String defaultNode() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String instance = System.getProperty("karaf.name", "root");
        return instance.equals("root") ? host : host + "-" + instance;
    }

    private static URI brokerUri(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ClusterComponent.PID + ": broker.url is not a URL: " + url, e);
        }
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException(ClusterComponent.PID + ": broker.url must be tcp://host:port, got "
                    + url);
        }
        return uri;
    }

    static String host(String url) {
        return brokerUri(url).getHost();
    }

    static int port(String url) {
        return brokerUri(url).getPort();
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
