package io.jnnunet.workflow.internal;

import io.jnnunet.api.JobRunner;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.workflow.PlanningWorkflow;
import io.jnnunet.api.workflow.PlanAndPreprocessRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Runs the {@value PlanningWorkflow#JOB_TYPE} jobs with {@link PlanningWorkflow#planAndPreprocess}. */
@Component(service = JobRunner.class, property = JobRunner.TYPE + "=" + PlanningWorkflow.JOB_TYPE)
public class PlanAndPreprocessJobRunner extends WorkflowJobRunner<PlanAndPreprocessRequest> {

    @Activate
    public PlanAndPreprocessJobRunner(@Reference PlanningWorkflow workflow, @Reference NnunetPaths paths) {
        super(PlanningWorkflow.JOB_TYPE, PlanAndPreprocessRequest.class, workflow::planAndPreprocess,
                new Descriptions(paths)::of);
    }
}
