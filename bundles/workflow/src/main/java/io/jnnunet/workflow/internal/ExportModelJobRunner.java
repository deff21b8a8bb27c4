package io.jnnunet.workflow.internal;

import io.jnnunet.api.JobRunner;
import io.jnnunet.api.workflow.ExportModelRequest;
import io.jnnunet.api.workflow.ModelExchangeWorkflow;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Runs the {@value ModelExchangeWorkflow#EXPORT_JOB_TYPE} jobs with {@link ModelExchangeWorkflow#export}. */
@Component(service = JobRunner.class, property = JobRunner.TYPE + "=" + ModelExchangeWorkflow.EXPORT_JOB_TYPE)
public class ExportModelJobRunner extends WorkflowJobRunner<ExportModelRequest> {

    @Activate
    public ExportModelJobRunner(@Reference ModelExchangeWorkflow workflow) {
        super(ModelExchangeWorkflow.EXPORT_JOB_TYPE, ExportModelRequest.class, workflow::export,
                r -> "export " + r.dataset() + " " + r.modelName() + " as " + r.format() + " -> " + r.output());
    }
}
