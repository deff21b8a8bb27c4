package io.jnnunet.api.workflow;

import io.jnnunet.api.JobInfo;

/**
 * JSON text for people to read ({@code nnunet:job}), in the layout of nnU-Net's JSON files, so that a client need not
 * bring a JSON library of its own.
 */
public interface JsonText {

    /** A record (a {@link io.jnnunet.api.JobSpec}, a request, a result) as indented JSON. */
    String of(Object value);

    /** A job's result as indented JSON, or {@code null} when it has none (yet). */
    String resultOf(JobInfo job);
}
