package io.jnnunet.cluster.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.client.SessionFailureListener;

/**
 * One connection of a node to the broker, with the node's name on its sessions (so that the head can close the
 * connections of a node that went silent). It does not reconnect by itself: its owner sees it fail, stops what it
 * ran over it, and opens a new one, so that no unit goes on once the broker has given it to another worker.
 */
final class BrokerConnection implements AutoCloseable {

    private final ServerLocator locator;
    private final ClientSessionFactory factory;
    private final ClusterSettings settings;
    private final CopyOnWriteArrayList<Runnable> onFailure = new CopyOnWriteArrayList<>();
    private volatile boolean failed;

    private BrokerConnection(ServerLocator locator, ClientSessionFactory factory, ClusterSettings settings) {
        this.locator = locator;
        this.factory = factory;
        this.settings = settings;
    }

    /** @throws ActiveMQException when the broker does not answer or refuses the login */
    static BrokerConnection open(String url, ClusterSettings settings) throws Exception {
        long ttl = settings.timeoutSeconds() * 1000L;
        ServerLocator locator = ActiveMQClient.createServerLocator(url)
                // a worker takes one unit at a time: no unit waits in a busy worker's buffer
                .setConsumerWindowSize(0)
                .setReconnectAttempts(0)
                .setInitialConnectAttempts(1)
                // a node that stops answering loses its connection, and its unit, after the heartbeat timeout
                .setConnectionTTL(ttl)
                .setClientFailureCheckPeriod(Math.max(1000, ttl / 2))
                .setCallTimeout(30_000);
        try {
            return new BrokerConnection(locator, locator.createSessionFactory(), settings);
        } catch (Exception e) {
            locator.close();
            throw e;
        }
    }

    /**
     * A session under the cluster's login, named for this node.
     *
     * @param transacted sends and acknowledgements take effect together at {@link ClientSession#commit()}; else
     *     each at once
     */
    ClientSession session(boolean transacted) throws ActiveMQException {
        ClientSession session = factory.createSession(settings.user(), settings.password(), false, !transacted,
                !transacted, false, 0);
        session.addMetaData(Wire.NODE_METADATA, settings.node());
        session.addFailureListener(new SessionFailureListener() {
            @Override
            public void beforeReconnect(ActiveMQException exception) {
            }

            @Override
            public void connectionFailed(ActiveMQException exception, boolean failedOver) {
                markFailed();
            }

            @Override
            public void connectionFailed(ActiveMQException exception, boolean failedOver, String scaleDownTarget) {
                markFailed();
            }
        });
        return session;
    }

    /** Runs when the connection fails, once. */
    void onFailure(Runnable action) {
        onFailure.add(action);
    }

    boolean failed() {
        return failed || factory.isClosed();
    }

    private void markFailed() {
        if (!failed) {
            failed = true;
            onFailure.forEach(Runnable::run);
        }
    }

    @Override
    public void close() {
        factory.close();
        locator.close();
    }
}
