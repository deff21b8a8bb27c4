package io.jnnunet.workflow.internal;

import io.jnnunet.api.JobRunner;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.workflow.TrainingWorkflow;
import io.jnnunet.api.workflow.RunTrainingRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Runs the {@value TrainingWorkflow#JOB_TYPE} jobs with {@link TrainingWorkflow#runTraining}. */
@Component(service = JobRunner.class, property = JobRunner.TYPE + "=" + TrainingWorkflow.JOB_TYPE)
public class TrainJobRunner extends WorkflowJobRunner<RunTrainingRequest> {

    @Activate
    public TrainJobRunner(@Reference TrainingWorkflow workflow, @Reference NnunetPaths paths) {
        super(TrainingWorkflow.JOB_TYPE, RunTrainingRequest.class, workflow::runTraining,
                new Descriptions(paths)::of);
    }
}
