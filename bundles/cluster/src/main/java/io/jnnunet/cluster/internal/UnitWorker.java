package io.jnnunet.cluster.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.EpochReport;
import io.jnnunet.api.JobExecutor;
import io.jnnunet.api.ProgressListener;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: takes one unit at a time from the units' queue (no unit waits in its buffer while it is busy), runs it with
 * this node's {@link JobExecutor}, tells the head how it goes, and acknowledges it in one transaction with its end
 * report. A unit it does not acknowledge (the node is killed or stops, its connection breaks) the broker gives to
 * another worker, which runs it resumed: a training continues from its {@code checkpoint_latest}, a prediction skips
 * the cases written. When its connection breaks it stops its unit first, so a unit never runs on two nodes at once.
 */
final class UnitWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UnitWorker.class);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long STOP_MILLIS = 60_000;
    private static final int REMEMBERED_CANCELS = 1000;

    private final ClusterSettings settings;
    private final String url;
    private final JobExecutor executor;
    private final Wire wire;
    private final Thread thread;
    private final AtomicInteger unitsDone = new AtomicInteger();
    /** Jobs the head cancelled: a unit of one that comes later is acknowledged without running. */
    private final Set<String> cancelledJobs = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_CANCELS;
                }
            }));
    private volatile boolean stopped;
    private volatile Running running;

    UnitWorker(ClusterSettings settings, String url, JobExecutor executor, Wire wire) {
        this.settings = settings;
        this.url = url;
        this.executor = executor;
        this.wire = wire;
        this.thread = new Thread(this::loop, "jnnunet-cluster-worker");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The unit it runs, for its heartbeat; {@code null} when idle. */
    String runningUnit() {
        Running now = running;
        return now == null ? null : now.unit.name() + ": " + now.unit.description();
    }

    int unitsDone() {
        return unitsDone.get();
    }

    /** Connects, and again after a broken connection, until it stops. */
    private void loop() {
        long backoff = 1000;
        boolean warned = false;
        while (!stopped) {
            try (BrokerConnection connection = BrokerConnection.open(url, settings)) {
                LOG.info("cluster worker {}: taking units from {}", settings.node(), url);
                warned = false;
                backoff = 1000;
                serve(connection);
            } catch (Exception e) {
                if (stopped) {
                    break;
                }
                if (!warned) {
                    LOG.warn("cluster worker {}: no connection to the broker at {} ({}); trying again every few"
                            + " seconds", settings.node(), url, e.getMessage());
                    warned = true;
                }
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(10_000, backoff * 2);
        }
    }

    private void serve(BrokerConnection connection) throws Exception {
        ClientSession units = connection.session(true);
        ClientSession reports = connection.session(false);
        ClientSession control = connection.session(false);
        connection.onFailure(() -> {
            Running now = running;
            if (now != null) {
                now.cancel("the connection to the broker broke");
            }
        });
        // every worker hears every order, on a queue of its own that ends with its connection
        String orders = Wire.CONTROL + "." + settings.node() + "." + UUID.randomUUID();
        control.createQueue(QueueConfiguration.of(orders).setAddress(Wire.CONTROL)
                .setRoutingType(RoutingType.MULTICAST).setDurable(false).setTemporary(true));
        control.createConsumer(orders).setMessageHandler(this::order);
        control.start();
        String node = settings.node();
        ClientConsumer consumer = units.createConsumer(Wire.UNITS, Wire.EXCLUDED + " IS NULL OR " + Wire.EXCLUDED
                + " NOT LIKE '%," + node + ",%'");
        ClientProducer ends = units.createProducer();
        ClientProducer progress = reports.createProducer();
        units.start();
        while (!stopped && !connection.failed()) {
            ClientMessage message = consumer.receive(1000);
            if (message != null) {
                take(message, connection, units, ends, new Reporter(reports, progress));
            }
        }
    }

    private void take(ClientMessage message, BrokerConnection connection, ClientSession units, ClientProducer ends,
            Reporter reporter) throws ActiveMQException {
        Unit unit = wire.read(message, Unit.class);
        boolean resumed = message.getDeliveryCount() > 1 || unit.attempt() > 1;
        Running run = new Running(unit);
        running = run;
        Report end;
        try {
            if (cancelledJobs.contains(unit.job())) {
                run.cancel("its job was cancelled");
                end = Report.of(Report.Kind.CANCELLED, unit, settings.node()).ended(null, run.why);
            } else {
                LOG.info("cluster worker {}: {} ({}) {}", settings.node(), unit.name(), unit.description(),
                        resumed ? "resumed" : "started");
                reporter.send(Report.of(Report.Kind.STARTED, unit, settings.node())
                        .line(resumed ? "resumed" : null));
                end = run(unit, resumed, run, reporter);
            }
            if (stopped || connection.failed()) {
                // not acknowledged: the broker gives it to another worker when this connection ends
                LOG.info("cluster worker {}: {} stopped unfinished ({}); it goes back to the queue",
                        settings.node(), unit.name(), run.why);
                return;
            }
            ends.send(Wire.REPORTS, wire.message(units, true, end));
            message.acknowledge();
            units.commit();
            unitsDone.incrementAndGet();
            LOG.info("cluster worker {}: {} {}", settings.node(), unit.name(),
                    end.kind().name().toLowerCase(java.util.Locale.ROOT));
        } finally {
            running = null;
        }
    }

    private Report run(Unit unit, boolean resumed, Running run, Reporter reporter) {
        Report started = Report.of(Report.Kind.FINISHED, unit, settings.node());
        try {
            JsonNode result = executor.run(unit.spec(), resumed, new ProgressListener() {
                private long sentAt = System.nanoTime() - PROGRESS_NANOS;

                @Override
                public void update(String task, long done, long total) {
                    long now = System.nanoTime();
                    if (now - sentAt >= PROGRESS_NANOS || done >= total) {
                        sentAt = now;
                        reporter.send(Report.of(Report.Kind.PROGRESS, unit, settings.node())
                                .progress(task, done, total));
                    }
                }

                @Override
                public void message(String line) {
                    reporter.send(Report.of(Report.Kind.MESSAGE, unit, settings.node()).line(line));
                }

                @Override
                public void epochDone(EpochReport report) {
                    reporter.send(Report.of(Report.Kind.EPOCH, unit, settings.node()).epoch(report));
                }

                @Override
                public boolean cancelled() {
                    return run.cancelled || stopped;
                }
            });
            return run.cancelled ? cancelled(unit, run) : started.ended(result, null);
        } catch (Exception | Error e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (run.cancelled) {
                return cancelled(unit, run);
            }
            LOG.warn("cluster worker {}: {} failed: {}", settings.node(), unit.name(), why, e);
            return Report.of(Report.Kind.FAILED, unit, settings.node()).ended(null, why);
        }
    }

    private Report cancelled(Unit unit, Running run) {
        return Report.of(Report.Kind.CANCELLED, unit, settings.node()).ended(null, run.why);
    }

    /** An order of the head, to every worker. */
    private void order(ClientMessage message) {
        try {
            message.acknowledge();
            Control order = wire.read(message, Control.class);
            if (order.cancel() != null) {
                cancelledJobs.add(order.cancel());
                Running now = running;
                if (now != null && now.unit.job().equals(order.cancel())) {
                    now.cancel("its job was cancelled");
                }
            }
        } catch (ActiveMQException e) {
            LOG.warn("cluster worker {}: an order it cannot read: {}", settings.node(), e.getMessage());
        }
    }

    /** Stops taking units; a running one is asked to stop (a training writes its checkpoint) and goes back. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        Running now = running;
        if (now != null) {
            now.cancel("the node stops");
        }
        thread.join(STOP_MILLIS);
        if (thread.isAlive()) {
            LOG.warn("cluster worker {}: its unit did not stop within {} s", settings.node(), STOP_MILLIS / 1000);
            thread.interrupt();
        }
    }

    /** The unit it runs, and whether it was asked to stop. */
    private static final class Running {
        final Unit unit;
        volatile boolean cancelled;
        volatile String why;

        Running(Unit unit) {
            this.unit = unit;
        }

        void cancel(String reason) {
            why = reason;
            cancelled = true;
        }
    }

    /** Sends reports as they come; one that cannot be sent is dropped (the unit's end report is what counts). */
    private final class Reporter {
        private final ClientSession session;
        private final ClientProducer producer;

        Reporter(ClientSession session, ClientProducer producer) {
            this.session = session;
            this.producer = producer;
        }

        void send(Report report) {
            try {
                producer.send(Wire.REPORTS, wire.message(session, true, report));
            } catch (ActiveMQException e) {
                LOG.debug("cluster worker {}: a report of job {} was not sent: {}", settings.node(), report.job(),
                        e.getMessage());
            }
        }
    }
}
