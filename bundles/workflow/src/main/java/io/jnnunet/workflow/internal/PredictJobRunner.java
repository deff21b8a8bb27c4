package io.jnnunet.workflow.internal;

import io.jnnunet.api.JobRunner;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.workflow.PredictionWorkflow;
import io.jnnunet.api.workflow.PredictFolderRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Runs the {@value PredictionWorkflow#JOB_TYPE} jobs with {@link PredictionWorkflow#predictFolder}. */
@Component(service = JobRunner.class, property = JobRunner.TYPE + "=" + PredictionWorkflow.JOB_TYPE)
public class PredictJobRunner extends WorkflowJobRunner<PredictFolderRequest> {

    @Activate
    public PredictJobRunner(@Reference PredictionWorkflow workflow, @Reference NnunetPaths paths) {
        super(PredictionWorkflow.JOB_TYPE, PredictFolderRequest.class, workflow::predictFolder,
                new Descriptions(paths)::of);
    }

    /** With {@code --continue_prediction}: the cases already written are not predicted again. */
    @Override
    public PredictFolderRequest resumed(PredictFolderRequest request) {
        return request.continued();
    }
}
