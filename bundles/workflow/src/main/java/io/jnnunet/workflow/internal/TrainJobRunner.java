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

    /**
     * With {@code --c}: the training continues from its newest checkpoint (checkpoint_latest, written every
     * {@code save_every} epochs and on a cancel), a deadline run for the time its checkpoint says is left; without a
     * checkpoint yet it starts anew, and a finished fold only runs its validation again.
     */
    @Override
    public RunTrainingRequest resumed(RunTrainingRequest request) {
        return request.continued();
    }
}
