package io.jnnunet.cluster.internal;

import io.jnnunet.api.ClusterNode;
import java.util.function.Supplier;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this node's heartbeat (what it is, what it runs) to every subscriber, the head, on its own connection, which
 * it opens again when it broke. A heartbeat expires after the timeout: one that no head took is worth nothing later.
 */
final class Heartbeats implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

    private final ClusterSettings settings;
    private final String url;
    private final Wire wire;
    private final Supplier<ClusterNode> state;
    private BrokerConnection connection;
    private ClientSession session;
    private ClientProducer producer;
    private boolean warned;

    Heartbeats(ClusterSettings settings, String url, Wire wire, Supplier<ClusterNode> state) {
        this.settings = settings;
        this.url = url;
        this.wire = wire;
        this.state = state;
    }

    /** Sends one heartbeat; called every {@code heartbeat.seconds} from one thread. */
    void beat() {
        try {
            if (connection == null || connection.failed()) {
                close();
                connection = BrokerConnection.open(url, settings);
                session = connection.session(false);
                producer = session.createProducer();
            }
            ClientMessage message = wire.message(session, false, state.get());
            message.setExpiration(System.currentTimeMillis() + settings.timeoutSeconds() * 1000L);
            producer.send(Wire.HEARTBEATS, message);
            warned = false;
        } catch (Exception e) {
            if (!warned) {
                LOG.warn("cluster node {}: its heartbeat does not reach the broker at {}: {}", settings.node(), url,
                        e.getMessage());
                warned = true;
            }
            close();
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
