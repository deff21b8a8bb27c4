package io.jnnunet.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.filter.impl.FilterImpl;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;

/**
 * The head's own ActiveMQ Artemis broker: the core protocol on the configured host and port (loopback unless told
 * otherwise) and in this JVM, one user, a persistent journal in {@code ${karaf.data}/jnnunet/broker} (queued units and
 * reports survive a restart, so do the duplicate ids that keep a unit from being sent twice), the units' queue with
 * {@code max.attempts} deliveries before a unit goes to the dead units.
 */
final class EmbeddedBroker implements AutoCloseable {

    /** The head's clients reach its broker in the same JVM. */
    static final String IN_VM = "vm://0";

    private final EmbeddedActiveMQ embedded;

    private EmbeddedBroker(EmbeddedActiveMQ embedded) {
        this.embedded = embedded;
    }

    /** @throws Exception naming the address when the broker cannot listen (the port is taken, say) */
    static EmbeddedBroker start(ClusterSettings settings) throws Exception {
        Path folder = Files.createDirectories(settings.data().resolve("broker"));
        Configuration config = new ConfigurationImpl()
                .setName("jnnunet")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(folder.resolve("journal").toString())
                .setBindingsDirectory(folder.resolve("bindings").toString())
                .setLargeMessagesDirectory(folder.resolve("large-messages").toString())
                .setPagingDirectory(folder.resolve("paging").toString())
                .setNodeManagerLockDirectory(folder.toString())
                // a unit's deliveries count across a restart of the broker: the next worker resumes it
                .setPersistDeliveryCountBeforeDelivery(true)
                .setSecurityEnabled(true)
                .setJMXManagementEnabled(false)
                .setCriticalAnalyzer(false)
                .setGracefulShutdownEnabled(false);
        String host = ClusterSettings.host(settings.brokerUrl());
        int port = ClusterSettings.port(settings.brokerUrl());
        config.addAcceptorConfiguration("tcp", "tcp://" + host + ":" + port + "?protocols=CORE");
        config.addAcceptorConfiguration("in-vm", IN_VM);
        config.addAddressSetting(Wire.UNITS, new AddressSettings()
                .setMaxDeliveryAttempts(settings.maxAttempts())
                .setDeadLetterAddress(SimpleString.of(Wire.DEAD_UNITS))
                .setRedeliveryDelay(0));
        for (String queue : new String[] {Wire.UNITS, Wire.DEAD_UNITS, Wire.REPORTS}) {
            config.addQueueConfiguration(QueueConfiguration.of(queue).setAddress(queue)
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
        for (String topic : new String[] {Wire.HEARTBEATS, Wire.CONTROL}) {
            config.addAddressConfiguration(new CoreAddressConfiguration().setName(topic)
                    .addRoutingType(RoutingType.MULTICAST));
        }
        EmbeddedActiveMQ embedded = new EmbeddedActiveMQ().setConfiguration(config)
                .setSecurityManager(new OneUser(settings.user(), settings.password()));
        try {
            embedded.start();
        } catch (Exception e) {
            embedded.stop();
            throw new IllegalStateException("the cluster's broker cannot listen at " + settings.brokerUrl() + ": "
                    + e.getMessage(), e);
        }
        if (!embedded.getActiveMQServer().isActive()) {
            embedded.stop();
            throw new IllegalStateException("the cluster's broker did not start at " + settings.brokerUrl()
                    + " (is its port taken?); see the log");
        }
        return new EmbeddedBroker(embedded);
    }

    /**
     * Closes every connection of a node: the unit it holds goes back to the queue (a broker takes an unacknowledged
     * message back when its consumer's connection ends).
     *
     * @return the connections closed
     */
    int disconnect(String node, String why) {
        Map<Object, RemotingConnection> connections = new HashMap<>();
        for (ServerSession session : server().getSessions()) {
            if (node.equals(session.getMetaData(Wire.NODE_METADATA))) {
                connections.put(session.getRemotingConnection().getID(), session.getRemotingConnection());
            }
        }
        connections.values().forEach(c -> c.fail(new ActiveMQException(why)));
        return connections.size();
    }

    /** Drops the units of a job that wait in the queue; how many. */
    int removeUnits(String job) throws Exception {
        Queue queue = server().locateQueue(Wire.UNITS);
        return queue == null ? 0 : queue.deleteMatchingReferences(FilterImpl.createFilter(Wire.JOB + " = '"
                + job.replace("'", "''") + "'"));
    }

    /** Units that wait for a worker, units delivered and not yet acknowledged. */
    long[] units() {
        Queue queue = server().locateQueue(Wire.UNITS);
        return queue == null ? new long[2] : new long[] {queue.getMessageCount() - queue.getDeliveringCount(),
                queue.getDeliveringCount()};
    }

    private ActiveMQServer server() {
        return embedded.getActiveMQServer();
    }

    @Override
    public void close() throws Exception {
        embedded.stop();
    }

    /** The cluster's one user; every node logs in as it, the head's own clients too. */
    private static final class OneUser implements ActiveMQSecurityManager {
        private final byte[] user;
        private final byte[] password;

        OneUser(String user, String password) {
            this.user = user.getBytes(StandardCharsets.UTF_8);
            this.password = password.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean validateUser(String name, String secret) {
            return name != null && secret != null
                    & MessageDigest.isEqual(user, name.getBytes(StandardCharsets.UTF_8))
                    & MessageDigest.isEqual(password, secret.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean validateUserAndRole(String name, String secret, Set<Role> roles, CheckType checkType) {
            return validateUser(name, secret);
        }
    }
}
