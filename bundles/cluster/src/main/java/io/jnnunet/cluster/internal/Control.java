package io.jnnunet.cluster.internal;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The head's order to every worker: stop the units of a job ({@code cancel}, a job id). */
record Control(@JsonProperty("cancel") String cancel) {
}
