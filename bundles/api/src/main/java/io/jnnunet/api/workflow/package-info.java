/**
 * nnU-Net's entry points as services: one request record per workflow step (plan-and-preprocess, run-training,
 * predict-folder, evaluate, find-best-configuration, ...), Jackson-mapped so that a request can travel as a job's
 * {@link io.jnnunet.api.JobSpec}, and one service per step that takes the request and a
 * {@link io.jnnunet.api.ProgressListener}. The shell, the server, a watch folder and another node all call these.
 */
@Export
@Version("1.1.0")
package io.jnnunet.api.workflow;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
