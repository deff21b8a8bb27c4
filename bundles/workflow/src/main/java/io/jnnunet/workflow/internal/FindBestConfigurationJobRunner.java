package io.jnnunet.workflow.internal;

import io.jnnunet.api.JobRunner;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.workflow.BestConfigurationWorkflow;
import io.jnnunet.api.workflow.FindBestConfigurationRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs the {@value BestConfigurationWorkflow#JOB_TYPE} jobs with
 * {@link BestConfigurationWorkflow#findBestConfiguration}.
 */
@Component(service = JobRunner.class, property = JobRunner.TYPE + "=" + BestConfigurationWorkflow.JOB_TYPE)
public class FindBestConfigurationJobRunner extends WorkflowJobRunner<FindBestConfigurationRequest> {

    @Activate
    public FindBestConfigurationJobRunner(@Reference BestConfigurationWorkflow workflow, @Reference NnunetPaths paths) {
        super(BestConfigurationWorkflow.JOB_TYPE, FindBestConfigurationRequest.class, workflow::findBestConfiguration,
                new Descriptions(paths)::of);
    }
}
