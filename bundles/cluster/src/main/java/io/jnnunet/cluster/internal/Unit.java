package io.jnnunet.cluster.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.api.JobSpec;

/**
 * One unit of a job as it travels to a worker.
 *
 * @param index its place among the job's units, from 0
 * @param attempt 1 for the first sending; one more each time the head sends it again after it failed
 * @param description what it does, as its runner says
 */
record Unit(@JsonProperty("job") String job, @JsonProperty("index") int index, @JsonProperty("units") int units,
        @JsonProperty("attempt") int attempt, @JsonProperty("description") String description,
        @JsonProperty("spec") JobSpec spec) {

    /** {@code job 12 unit 2/5}. */
    String name() {
        return "job " + job + " unit " + (index + 1) + "/" + units;
    }

    /** The broker's duplicate id: a unit sent again at the same attempt (the head resumed) is dropped. */
    String duplicateId() {
        return job + "/" + index + "/" + attempt;
    }
}
