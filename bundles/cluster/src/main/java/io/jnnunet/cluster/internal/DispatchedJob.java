package io.jnnunet.cluster.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.JobSpec;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * What the head knows of a job it sent to the cluster: its units, where each runs, which attempt, how each ended. Kept
 * in {@code ${karaf.data}/jnnunet/cluster/<job>.json}, written before a report is acknowledged, so that a head that
 * restarts takes the job up where it was: ended units stay ended, the others are sent again under the same duplicate
 * ids (the broker drops those it has). Its methods are called under its lock.
 */
final class DispatchedJob {

    enum UnitState {
        WAITING, RUNNING, FINISHED, FAILED, CANCELLED;

        boolean ended() {
            return this == FINISHED || this == FAILED || this == CANCELLED;
        }
    }

    /**
     * @param node the node it runs or ran on last
     * @param excluded the workers it failed on, which it is not sent to again while other workers are alive
     * @param errors each failed attempt's error, with its node
     */
    record UnitRecord(@JsonProperty("index") int index, @JsonProperty("description") String description,
            @JsonProperty("spec") JobSpec spec, @JsonProperty("attempt") int attempt,
            @JsonProperty("state") UnitState state, @JsonProperty("node") String node,
            @JsonProperty("excluded") List<String> excluded, @JsonProperty("result") JsonNode result,
            @JsonProperty("errors") List<String> errors) {

        UnitRecord {
            excluded = excluded == null ? List.of() : List.copyOf(excluded);
            errors = errors == null ? List.of() : List.copyOf(errors);
        }

        UnitRecord with(UnitState newState, String onNode) {
            return new UnitRecord(index, description, spec, attempt, newState, onNode, excluded, result, errors);
        }
    }

    record JobRecord(@JsonProperty("job") String job, @JsonProperty("cancelled") boolean cancelled,
            @JsonProperty("units") List<UnitRecord> units) {
    }

    /** What the dispatcher does after a report: send a unit again, tell the workers again to cancel. */
    record Next(Unit resend, boolean cancelAgain) {
        static final Next NOTHING = new Next(null, false);
    }

    private final String job;
    private final Path file;
    private final NnunetJson json;
    private final List<UnitRecord> units;
    private final double[] progress;
    private boolean cancelled;
    /** The reports taken since the head took the job up, and their bodies' bytes: what a job costs the broker. */
    private int reports;
    private long reportBytes;
    private ProgressListener listener = ProgressListener.NONE;
    /** Completed when every unit ended; {@code null} while no job manager follows the job (the head restarted). */
    private CompletableFuture<List<JsonNode>> future;

    private DispatchedJob(JobRecord record, Path file, NnunetJson json) {
        this.job = record.job();
        this.file = file;
        this.json = json;
        this.units = new ArrayList<>(record.units());
        this.cancelled = record.cancelled();
        this.progress = new double[units.size()];
        for (UnitRecord unit : units) {
            progress[unit.index()] = unit.state().ended() ? 1 : 0;
        }
    }

    static DispatchedJob create(String job, List<JobSpec> specs, List<String> descriptions, Path file,
            NnunetJson json) throws IOException {
        List<UnitRecord> units = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            units.add(new UnitRecord(i, descriptions.get(i), specs.get(i), 1, UnitState.WAITING, null, null, null,
                    null));
        }
        DispatchedJob created = new DispatchedJob(new JobRecord(job, false, units), file, json);
        created.persist();
        return created;
    }

    static DispatchedJob load(Path file, NnunetJson json) throws IOException {
        return new DispatchedJob(json.read(file, JobRecord.class), file, json);
    }

    String job() {
        return job;
    }

    int size() {
        return units.size();
    }

    synchronized void follow(ProgressListener progressListener, CompletableFuture<List<JsonNode>> completion) {
        this.listener = progressListener;
        this.future = completion;
    }

    /** The units that have not ended, as messages to send (again). */
    synchronized List<Unit> pending() {
        return units.stream().filter(u -> !u.state().ended()).map(this::message).toList();
    }

    /** A unit's message; {@code excluded} lists the workers it failed on as {@code ,a,b,}. */
    Unit message(UnitRecord unit) {
        return new Unit(job, unit.index(), units.size(), unit.attempt(), unit.description(), unit.spec());
    }

    synchronized String excluded(int index) {
        List<String> excluded = units.get(index).excluded();
        return excluded.isEmpty() ? null : "," + String.join(",", excluded) + ",";
    }

    synchronized boolean cancelled() {
        return cancelled;
    }

    /**
     * What a worker told of a unit, applied once: a report of an earlier attempt or of an ended unit is old news.
     *
     * @param bytes the report's size on the wire
     */
    synchronized Next apply(Report report, int bytes, int maxAttempts, NodeTable nodes) throws IOException {
        reports++;
        reportBytes += bytes;
        UnitRecord unit = units.get(report.unit());
        if (unit.state().ended() || report.attempt() != unit.attempt()) {
            return new Next(null, cancelled && report.kind() == Report.Kind.STARTED);
        }
        String where = "[" + report.node() + (units.size() > 1 ? ", unit " + (unit.index() + 1) + "/"
                + units.size() : "") + "] ";
        switch (report.kind()) {
            case STARTED -> {
                units.set(unit.index(), unit.with(UnitState.RUNNING, report.node()));
                persist();
                listener.message(name(unit) + " " + ("resumed".equals(report.line()) ? "resumed" : "started")
                        + " on " + report.node() + (unit.attempt() > 1 ? " (attempt " + unit.attempt() + ")" : "")
                        + ": " + unit.description());
                return new Next(null, cancelled);
            }
            case PROGRESS -> {
                progress[unit.index()] = report.total() > 0 ? Math.min(1, (double) report.done() / report.total())
                        : 0;
                if (units.size() == 1) {
                    listener.update(report.task(), report.done(), report.total());
                } else {
                    double sum = 0;
                    for (double p : progress) {
                        sum += p;
                    }
                    listener.update(report.task() + " " + where.strip(), Math.round(sum * 1000),
                            units.size() * 1000L);
                }
            }
            case MESSAGE -> listener.message(where + report.line());
            case EPOCH -> listener.epochDone(report.epoch());
            case FINISHED -> {
                progress[unit.index()] = 1;
                listener.message(name(unit) + " finished on " + report.node());
                end(new UnitRecord(unit.index(), unit.description(), unit.spec(), unit.attempt(), UnitState.FINISHED,
                        report.node(), unit.excluded(), report.result(), unit.errors()));
            }
            case CANCELLED -> {
                listener.message(name(unit) + " cancelled on " + report.node()
                        + (report.error() == null ? "" : ": " + report.error()));
                end(unit.with(UnitState.CANCELLED, report.node()));
            }
            case FAILED -> {
                return failed(unit, report.node(), report.error(), maxAttempts, nodes);
            }
            default -> throw new IllegalStateException("unknown report " + report.kind());
        }
        return Next.NOTHING;
    }

    /**
     * A failed attempt: the unit is sent again, to another worker while one is alive, until it failed
     * {@code maxAttempts} times.
     */
    private Next failed(UnitRecord unit, String node, String error, int maxAttempts, NodeTable nodes)
            throws IOException {
        List<String> errors = new ArrayList<>(unit.errors());
        errors.add(node + ": " + error);
        List<String> excluded = new ArrayList<>(unit.excluded());
        if (!excluded.contains(node)) {
            excluded.add(node);
        }
        boolean again = !cancelled && unit.attempt() < maxAttempts;
        UnitRecord next = new UnitRecord(unit.index(), unit.description(), unit.spec(),
                again ? unit.attempt() + 1 : unit.attempt(), again ? UnitState.WAITING : UnitState.FAILED, node,
                nodes.otherWorkersThan(excluded) ? excluded : List.of(), null, errors);
        listener.message(name(unit) + " failed on " + node + " (attempt " + unit.attempt() + " of " + maxAttempts
                + "): " + error + (again ? "; it is sent again" : ""));
        if (!again) {
            end(next);
            return Next.NOTHING;
        }
        units.set(unit.index(), next);
        persist();
        return new Next(message(next), false);
    }

    /** The broker gave up on a unit: every worker it went to died or lost its connection before it ended. */
    synchronized void deadLetter(Unit unit, int maxAttempts) throws IOException {
        UnitRecord record = units.get(unit.index());
        if (record.state().ended()) {
            return;
        }
        String error = "delivered " + maxAttempts + " times, and each worker stopped or lost its connection before"
                + " it ended";
        List<String> errors = new ArrayList<>(record.errors());
        errors.add(error);
        listener.message(name(record) + " failed: " + error);
        end(new UnitRecord(record.index(), record.description(), record.spec(), record.attempt(), UnitState.FAILED,
                record.node(), record.excluded(), null, errors));
    }

    /** A node went silent: its running units wait for the broker to give them to another worker. */
    synchronized void nodeGone(String node, int timeoutSeconds) throws IOException {
        for (UnitRecord unit : List.copyOf(units)) {
            if (unit.state() == UnitState.RUNNING && node.equals(unit.node())) {
                units.set(unit.index(), unit.with(UnitState.WAITING, node));
                persist();
                listener.message(name(unit) + ": " + node + " sent no heartbeat for " + timeoutSeconds
                        + " s and is gone; the unit goes back to the queue");
            }
        }
    }

    /** The job is cancelled: units that wait end at once; running ones end when their workers report. */
    synchronized void cancel() throws IOException {
        cancelled = true;
        for (UnitRecord unit : List.copyOf(units)) {
            if (unit.state() == UnitState.WAITING) {
                units.set(unit.index(), unit.with(UnitState.CANCELLED, unit.node()));
            }
        }
        persist();
        completeIfEnded();
    }

    private void end(UnitRecord ended) throws IOException {
        units.set(ended.index(), ended);
        persist();
        completeIfEnded();
    }

    /** Completes the job's future once every unit ended. */
    synchronized void completeIfEnded() {
        if (future == null || future.isDone() || !units.stream().allMatch(u -> u.state().ended())) {
            return;
        }
        List<UnitRecord> failed = units.stream().filter(u -> u.state() == UnitState.FAILED).toList();
        listener.message(String.format(Locale.ROOT, "%d unit(s) ended; %d report(s), %.1f kB, came from"
                + " the workers", units.size(), reports, reportBytes / 1024.0));
        if (cancelled) {
            future.completeExceptionally(new CancellationException("job " + job + " cancelled"));
        } else if (!failed.isEmpty()) {
            future.completeExceptionally(new IllegalStateException(failed.stream()
                    .map(u -> name(u) + " (" + u.description() + ") failed: " + String.join("; ", u.errors()))
                    .collect(Collectors.joining("\n"))));
        } else {
            future.complete(units.stream().map(UnitRecord::result).toList());
        }
    }

    /** Ends the job manager's wait without ending the job: the head's dispatcher stops. */
    synchronized void detach(RuntimeException why) {
        if (future != null && !future.isDone()) {
            future.completeExceptionally(why);
        }
        listener = ProgressListener.NONE;
        future = null;
    }

    private String name(UnitRecord unit) {
        return "unit " + (unit.index() + 1) + "/" + units.size();
    }

    private void persist() throws IOException {
        json.write(file, new JobRecord(job, cancelled, List.copyOf(units)));
    }
}
