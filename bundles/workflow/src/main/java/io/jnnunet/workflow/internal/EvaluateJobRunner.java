package io.jnnunet.workflow.internal;

import io.jnnunet.api.JobRunner;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.workflow.EvaluationWorkflow;
import io.jnnunet.api.workflow.EvaluateFolderRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Runs the {@value EvaluationWorkflow#JOB_TYPE} jobs with {@link EvaluationWorkflow#evaluateFolder}. */
@Component(service = JobRunner.class, property = JobRunner.TYPE + "=" + EvaluationWorkflow.JOB_TYPE)
public class EvaluateJobRunner extends WorkflowJobRunner<EvaluateFolderRequest> {

    @Activate
    public EvaluateJobRunner(@Reference EvaluationWorkflow workflow, @Reference NnunetPaths paths) {
        super(EvaluationWorkflow.JOB_TYPE, EvaluateFolderRequest.class, workflow::evaluateFolder,
                new Descriptions(paths)::of);
    }
}
