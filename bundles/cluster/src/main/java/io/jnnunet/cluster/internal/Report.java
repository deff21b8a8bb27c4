package io.jnnunet.cluster.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.EpochReport;

/**
 * What a worker tells the head of a unit.
 *
 * @param unit the unit's index in its job
 * @param task {@link Kind#PROGRESS}: the task, its units done and in all
 * @param line {@link Kind#MESSAGE}: a line of the unit's log
 * @param epoch {@link Kind#EPOCH}: the epoch that ended
 * @param result {@link Kind#FINISHED}: what the runner returned
 * @param error {@link Kind#FAILED}: why; {@link Kind#CANCELLED}: what stopped it, if anything said
 */
record Report(@JsonProperty("kind") Kind kind, @JsonProperty("job") String job, @JsonProperty("unit") int unit,
        @JsonProperty("attempt") int attempt, @JsonProperty("node") String node, @JsonProperty("task") String task,
        @JsonProperty("done") long done, @JsonProperty("total") long total, @JsonProperty("line") String line,
        @JsonProperty("epoch") EpochReport epoch, @JsonProperty("result") JsonNode result,
        @JsonProperty("error") String error) {

    enum Kind {
        STARTED, PROGRESS, MESSAGE, EPOCH, FINISHED, FAILED, CANCELLED;

        /** The unit's end: the worker acknowledged the unit with this report. */
        boolean ended() {
            return this == FINISHED || this == FAILED || this == CANCELLED;
        }
    }

    static Report of(Kind kind, Unit unit, String node) {
        return new Report(kind, unit.job(), unit.index(), unit.attempt(), node, null, 0, 0, null, null, null, null);
    }

    Report progress(String task, long done, long total) {
        return new Report(kind, job, unit, attempt, node, task, done, total, line, epoch, result, error);
    }

    Report line(String text) {
        return new Report(kind, job, unit, attempt, node, task, done, total, text, epoch, result, error);
    }

    Report epoch(EpochReport report) {
        return new Report(kind, job, unit, attempt, node, task, done, total, line, report, result, error);
    }

    Report ended(JsonNode value, String why) {
        return new Report(kind, job, unit, attempt, node, task, done, total, line, epoch, value, why);
    }
}
