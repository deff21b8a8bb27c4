package io.jnnunet.cluster.internal;

import io.jnnunet.api.ClusterNode;
import io.jnnunet.api.ClusterStatus;
import io.jnnunet.api.JobDispatcher;
import io.jnnunet.api.JobExecutor;
import io.jnnunet.api.workflow.EngineInfo;
import io.jnnunet.api.workflow.EngineStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node in a cluster of Karaf nodes that share the lab's jobs through ActiveMQ Artemis, by its roles: a head runs
 * the broker (embedded, unless told to use another) and registers the {@link JobDispatcher} that the job queue sends
 * every job to; a worker takes units and runs them with the node's {@link JobExecutor}; every node sends heartbeats,
 * which the head shows ({@link ClusterStatus}) and acts on (a silent node's unit goes back to the queue). Without roles
 * (the default) the node is on its own and nothing here runs. An edit of the configuration that changes a setting
 * restarts the node's part of the cluster inside this component, which stays active: the head's jobs wait for the new
 * dispatcher and go on where they were, a worker's unit goes back to the queue and resumes.
 */
@Component(service = ClusterStatus.class, immediate = true, configurationPid = ClusterComponent.PID)
@Designate(ocd = ClusterComponent.Config.class)
public class ClusterComponent implements ClusterStatus {

    static final String PID = "io.jnnunet.cluster";

    @ObjectClassDefinition(name = "jnnunet cluster", description = "Several Karaf nodes share the lab's jobs through"
            + " an ActiveMQ Artemis broker; nnU-Net's three folders must be the same shared folders on every node")
    public @interface Config {
        @AttributeDefinition(description = "This node's roles: empty (on its own), head (takes the jobs, keeps the"
                + " job store, runs the broker), worker (runs units), or head,worker")
        String roles() default "";

        @AttributeDefinition(description = "This node's name in the cluster (letters, digits, . _ -); empty: the"
                + " host name, with the Karaf instance's name when it is not root")
        String node_id() default "";

        @AttributeDefinition(description = "The broker, tcp://host:port: where an embedded broker listens, and where"
                + " the workers connect")
        String broker_url() default "tcp://127.0.0.1:61616";

        @AttributeDefinition(description = "The head runs the broker in its own JVM (journal in"
                + " ${karaf.data}/jnnunet/broker); false: an external Artemis broker at broker.url")
        boolean broker_embedded() default true;

        @AttributeDefinition(description = "The broker's user, the same on every node")
        String broker_user() default "jnnunet";

        @AttributeDefinition(description = "The broker's password, the same on every node; an embedded broker"
                + " refuses to listen beyond loopback with the shipped one", type = AttributeType.PASSWORD)
        String broker_password() default ClusterSettings.SHIPPED_PASSWORD;

        @AttributeDefinition(description = "Seconds between two heartbeats of a node")
        int heartbeat_seconds() default 5;

        @AttributeDefinition(description = "Seconds without a heartbeat after which a node is gone and its unit"
                + " goes back to the queue; also the broker connections' timeout")
        int heartbeat_timeout_seconds() default 20;

        @AttributeDefinition(description = "Attempts of a unit (failures, or deliveries to workers that died)"
                + " before its job fails")
        int max_attempts() default 3;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClusterComponent.class);

    private final Instant started = Instant.now();
    private final Wire wire = new Wire();
    private final BundleContext context;
    private final JobExecutor executor;
    private volatile EngineStatus engine;
    // the parts of the current settings, replaced together under this component's lock
    private volatile ClusterSettings settings;
    private ScheduledExecutorService timer;
    private EmbeddedBroker broker;
    private volatile UnitDispatcher dispatcher;
    private ServiceRegistration<JobDispatcher> registration;
    private volatile UnitWorker worker;
    private volatile Heartbeats heartbeats;

    @Activate
    public ClusterComponent(Config config, BundleContext context, @Reference JobExecutor executor) throws Exception {
        this.context = context;
        this.executor = executor;
        start(settings(config));
    }

    /** Applies an edit: the parts restart only when a setting changed (not for an edit of another key). */
    @Modified
    synchronized void modified(Config config) throws Exception {
        ClusterSettings next = settings(config);
        if (!next.equals(settings)) {
            LOG.info("cluster node {}: its settings changed; restarting its part of the cluster", settings.node());
            stop();
            start(next);
        }
    }

    private static ClusterSettings settings(Config config) {
        return ClusterSettings.of(config, Path.of(System.getProperty("karaf.data", "data")).toAbsolutePath());
    }

    private synchronized void start(ClusterSettings settings) throws Exception {
        this.settings = settings;
        if (settings.roles().isEmpty()) {
            return;
        }
        try {
            String url = settings.brokerUrl();
            if (settings.head()) {
                if (settings.embedded()) {
                    broker = EmbeddedBroker.start(settings);
                    url = EmbeddedBroker.IN_VM;
                }
                dispatcher = new UnitDispatcher(settings, executor, broker,
                        new NodeTable(settings.timeoutSeconds()), wire);
                registration = context.registerService(JobDispatcher.class, dispatcher, null);
            }
            if (settings.worker()) {
                worker = new UnitWorker(settings, url, executor, wire);
                worker.start();
            }
            heartbeats = new Heartbeats(settings, url, wire, this::self);
            timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "jnnunet-cluster-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(this::tick, 0, settings.heartbeatSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            stop();
            throw e;
        }
        LOG.info("cluster node {}: {} with the broker at {}{}", settings.node(), String.join(" and ",
                settings.roles()), settings.brokerUrl(), broker != null ? " (embedded)" : "");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "unsetEngine")
    void setEngine(EngineStatus status) {
        engine = status;
    }

    void unsetEngine(EngineStatus status) {
        if (engine == status) {
            engine = null;
        }
    }

    private void tick() {
        Heartbeats beats = heartbeats;
        UnitDispatcher head = dispatcher;
        try {
            if (beats != null) {
                beats.beat();
            }
            if (head != null) {
                head.checkNodes();
            }
        } catch (RuntimeException e) {
            LOG.error("cluster node {}: {}", settings.node(), e.getMessage(), e);
        }
    }

    /** This node as its heartbeat shows it. */
    private ClusterNode self() {
        UnitWorker units = worker;
        return new ClusterNode(settings.node(), settings.roles(), device(), units == null ? null : units.runningUnit(),
                units == null ? 0 : units.unitsDone(), started, Instant.now(), false);
    }

    private String device() {
        EngineStatus status = engine;
        if (status == null) {
            return "no engine";
        }
        EngineInfo info = status.engine();
        String device = info.devices().stream().filter(EngineInfo.Device::isDefault)
                .map(d -> d.name() + (d.name().equals("cpu") ? "" : " (" + d.description() + ")")).findFirst()
                .orElse("cpu");
        return device + ", " + info.threads() + " thread(s)";
    }

    @Deactivate
    void deactivate() throws Exception {
        stop();
    }

    /** Stops in the order that loses nothing: no new dispatches, the jobs let go, the unit back, then the broker. */
    private synchronized void stop() throws Exception {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (dispatcher != null) {
            dispatcher.close();
            dispatcher = null;
        }
        if (worker != null) {
            worker.close();
            worker = null;
        }
        if (heartbeats != null) {
            heartbeats.close();
            heartbeats = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public String node() {
        return settings.node();
    }

    @Override
    public List<String> roles() {
        return settings.roles();
    }

    @Override
    public String broker() {
        return settings.roles().isEmpty() ? null : settings.brokerUrl();
    }

    @Override
    public List<ClusterNode> nodes() {
        UnitDispatcher head = dispatcher;
        return head != null ? head.nodes() : List.of(self());
    }
}
