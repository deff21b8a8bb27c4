package io.jnnunet.cluster.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.ClusterNode;
import io.jnnunet.api.JobDispatcher;
import io.jnnunet.api.JobExecutor;
import io.jnnunet.api.JobSpec;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's side of the cluster: sends the units of jobs to the units' queue (durable, each with a duplicate id), takes
 * the workers' reports and the broker's dead units, hears every node's heartbeat, and follows each job through its
 * {@link DispatchedJob} until every unit ended. Reports are acknowledged after what they changed is on disk.
 */
final class UnitDispatcher implements JobDispatcher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UnitDispatcher.class);

    private final ClusterSettings settings;
    private final JobExecutor executor;
    private final EmbeddedBroker broker;
    private final NodeTable nodes;
    private final Wire wire;
    private final NnunetJson json = new NnunetJson();
    private final Path folder;
    private final BrokerConnection connection;
    /** Sends units and orders; guarded by itself (a session serves one thread at a time). */
    private final ClientSession sender;
    private final ClientProducer producer;
    private final List<ClientSession> consumers = new ArrayList<>();
    /** The jobs it follows or has on file, by id; guarded by itself. */
    private final Map<String, DispatchedJob> jobs = new HashMap<>();
    private volatile boolean stopped;

    /**
     * @param broker the embedded broker, for the queue's housekeeping (a cancelled job's waiting units, a silent
     *     node's connections); {@code null} with an external broker, whose own connection timeout then returns a
     *     silent node's unit
     */
    UnitDispatcher(ClusterSettings settings, JobExecutor executor, EmbeddedBroker broker, NodeTable nodes, Wire wire)
            throws Exception {
        this.settings = settings;
        this.executor = executor;
        this.broker = broker;
        this.nodes = nodes;
        this.wire = wire;
        this.folder = Files.createDirectories(settings.data().resolve("cluster"));
        this.connection = BrokerConnection.open(settings.headUrl(), settings);
        try {
            sender = connection.session(false);
            producer = sender.createProducer();
            consume(Wire.REPORTS, null, this::report);
            consume(Wire.DEAD_UNITS, null, this::deadUnit);
            consume(Wire.HEARTBEATS, "jnnunet.heartbeats.head." + UUID.randomUUID(), this::heartbeat);
        } catch (Exception e) {
            connection.close();
            throw e;
        }
    }

    /** A consumer with its own session; on a multicast address, a subscription of its own that ends with it. */
    private void consume(String address, String subscription, Handler handler) throws ActiveMQException {
        ClientSession session = connection.session(false);
        consumers.add(session);
        String queue = address;
        if (subscription != null) {
            session.createQueue(QueueConfiguration.of(subscription).setAddress(address)
                    .setRoutingType(RoutingType.MULTICAST).setDurable(false).setTemporary(true));
            queue = subscription;
        }
        session.createConsumer(queue).setMessageHandler(message -> {
            try {
                handler.handle(message);
                message.acknowledge();
            } catch (Exception e) {
                // not acknowledged: the broker delivers it again when this session ends
                LOG.error("cluster head: a message on {} was not handled: {}", address, e.getMessage(), e);
            }
        });
        session.start();
    }

    @FunctionalInterface
    private interface Handler {
        void handle(ClientMessage message) throws Exception;
    }

    @Override
    public int workers() {
        return nodes.workers();
    }

    @Override
    public CompletionStage<List<JsonNode>> dispatch(String jobId, List<JobSpec> units, boolean resumed,
            ProgressListener progress) {
        CompletableFuture<List<JsonNode>> completion = new CompletableFuture<>();
        DispatchedJob job;
        try {
            synchronized (jobs) {
                if (stopped) {
                    throw new Stopped("the cluster's dispatcher stopped");
                }
                job = jobs.get(jobId);
                if (job == null && resumed && Files.isRegularFile(file(jobId))) {
                    job = DispatchedJob.load(file(jobId), json);
                }
                if (job == null) {
                    List<String> descriptions = units.stream().map(executor::describe).toList();
                    job = DispatchedJob.create(jobId, units, descriptions, file(jobId), json);
                    progress.message("sent to the cluster as " + units.size() + " unit(s); " + nodes.workers()
                            + " worker(s) alive");
                } else {
                    progress.message("taken up on the cluster where it was: " + job.pending().size() + " of "
                            + job.size() + " unit(s) not ended");
                }
                jobs.put(jobId, job);
                job.follow(progress, completion);
            }
            if (job.cancelled()) {
                order(new Control(jobId));
            }
            for (Unit unit : job.pending()) {
                send(unit, job.excluded(unit.index()));
            }
            job.completeIfEnded();
        } catch (Exception e) {
            completion.completeExceptionally(e);
        }
        return completion;
    }

    @Override
    public boolean cancel(String jobId) {
        DispatchedJob job;
        synchronized (jobs) {
            job = jobs.get(jobId);
        }
        if (job == null) {
            return false;
        }
        try {
            if (broker != null) {
                int removed = broker.removeUnits(jobId);
                LOG.info("cluster head: job {} cancelled; {} waiting unit(s) removed from the queue", jobId, removed);
            }
            order(new Control(jobId));
            job.cancel();
        } catch (Exception e) {
            LOG.error("cluster head: the cancel of job {} did not reach every worker: {}", jobId, e.getMessage(), e);
        }
        return true;
    }

    /** The nodes that went silent: their units go back to the queue (with the embedded broker, at once). */
    void checkNodes() {
        for (ClusterNode gone : nodes.newlyGone()) {
            int closed = broker == null ? 0 : broker.disconnect(gone.id(), "no heartbeat from " + gone.id() + " for "
                    + settings.timeoutSeconds() + " s");
            LOG.warn("cluster head: node {} sent no heartbeat for {} s and is gone{}", gone.id(),
                    settings.timeoutSeconds(), closed > 0 ? "; its " + closed + " connection(s) closed, its unit goes"
                            + " back to the queue" : "");
            for (DispatchedJob job : followed()) {
                try {
                    job.nodeGone(gone.id(), settings.timeoutSeconds());
                } catch (IOException e) {
                    LOG.error("cluster head: job {}: {}", job.job(), e.getMessage(), e);
                }
            }
        }
    }

    List<ClusterNode> nodes() {
        return nodes.nodes();
    }

    private List<DispatchedJob> followed() {
        synchronized (jobs) {
            return List.copyOf(jobs.values());
        }
    }

    private void report(ClientMessage message) throws Exception {
        Report report = wire.read(message, Report.class);
        DispatchedJob job = job(report.job());
        if (job == null) {
            LOG.warn("cluster head: a report of job {}, of which it has no record; dropped", report.job());
            return;
        }
        DispatchedJob.Next next = job.apply(report, message.getBodySize(), settings.maxAttempts(), nodes);
        if (next.resend() != null) {
            send(next.resend(), job.excluded(next.resend().index()));
        }
        if (next.cancelAgain()) {
            order(new Control(job.job()));
        }
    }

    private void deadUnit(ClientMessage message) throws Exception {
        Unit unit = wire.read(message, Unit.class);
        DispatchedJob job = job(unit.job());
        if (job != null) {
            job.deadLetter(unit, settings.maxAttempts());
        }
    }

    private void heartbeat(ClientMessage message) throws ActiveMQException {
        nodes.heard(wire.read(message, ClusterNode.class));
    }

    /** A job it follows, or one on file whose report came before the job manager sent it again after a restart. */
    private DispatchedJob job(String jobId) throws IOException {
        synchronized (jobs) {
            DispatchedJob job = jobs.get(jobId);
            if (job == null && Files.isRegularFile(file(jobId))) {
                job = DispatchedJob.load(file(jobId), json);
                jobs.put(jobId, job);
            }
            return job;
        }
    }

    private void send(Unit unit, String excluded) throws ActiveMQException {
        synchronized (sender) {
            ClientMessage message = wire.message(sender, true, unit);
            message.putStringProperty(Wire.JOB, unit.job());
            if (excluded != null) {
                message.putStringProperty(Wire.EXCLUDED, excluded);
            }
            message.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID, SimpleString.of(unit.duplicateId()));
            producer.send(Wire.UNITS, message);
        }
    }

    private void order(Control control) throws ActiveMQException {
        synchronized (sender) {
            producer.send(Wire.CONTROL, wire.message(sender, false, control));
        }
    }

    private Path file(String jobId) {
        if (!jobId.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("job id '" + jobId + "' cannot name a file");
        }
        return folder.resolve(jobId + ".json");
    }

    /** Stops following: the job manager's waits end with {@link Stopped}; the units go on where they are. */
    @Override
    public void close() {
        stopped = true;
        for (DispatchedJob job : followed()) {
            job.detach(new Stopped("the cluster's dispatcher stopped while the job's units ran"));
        }
        connection.close();
    }
}
