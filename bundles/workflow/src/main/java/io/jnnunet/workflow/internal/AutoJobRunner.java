package io.jnnunet.workflow.internal;

import io.jnnunet.api.JobRunner;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.workflow.AutoRequest;
import io.jnnunet.api.workflow.AutoWorkflow;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Runs the {@value AutoWorkflow#JOB_TYPE} jobs with {@link AutoWorkflow#runAuto}. */
@Component(service = JobRunner.class, property = JobRunner.TYPE + "=" + AutoWorkflow.JOB_TYPE)
public class AutoJobRunner extends WorkflowJobRunner<AutoRequest> {

    @Activate
    public AutoJobRunner(@Reference AutoWorkflow workflow, @Reference NnunetPaths paths) {
        super(AutoWorkflow.JOB_TYPE, AutoRequest.class, workflow::runAuto, new Descriptions(paths)::of);
    }
}
