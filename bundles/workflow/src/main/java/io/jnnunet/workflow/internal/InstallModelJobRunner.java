package io.jnnunet.workflow.internal;

import io.jnnunet.api.JobRunner;
import io.jnnunet.api.workflow.InstallModelRequest;
import io.jnnunet.api.workflow.ModelExchangeWorkflow;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Runs the {@value ModelExchangeWorkflow#INSTALL_JOB_TYPE} jobs with {@link ModelExchangeWorkflow#install}. */
@Component(service = JobRunner.class, property = JobRunner.TYPE + "=" + ModelExchangeWorkflow.INSTALL_JOB_TYPE)
public class InstallModelJobRunner extends WorkflowJobRunner<InstallModelRequest> {

    @Activate
    public InstallModelJobRunner(@Reference ModelExchangeWorkflow workflow) {
        super(ModelExchangeWorkflow.INSTALL_JOB_TYPE, InstallModelRequest.class, workflow::install,
                r -> "install model zip " + r.zip() + (r.overwrite() ? " (overwrite)" : ""));
    }
}
