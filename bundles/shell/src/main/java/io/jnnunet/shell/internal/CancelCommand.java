package io.jnnunet.shell.internal;

import io.jnnunet.api.JobManager;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "nnunet", name = "cancel",
        description = "Stops a background job; a training writes checkpoint_latest first, so --c resumes it")
public class CancelCommand implements Action {

    @Reference(optional = true)
    JobManager jobs;

    @Argument(index = 0, name = "job", required = true, description = "the job id (nnunet:jobs)")
    String id;

    @Override
    public Object execute() {
        if (jobs == null) {
            throw new IllegalStateException("no job manager is installed (feature jnnunet-jobs)");
        }
        if (!jobs.cancel(id)) {
            throw new IllegalArgumentException("no queued or running job " + id + " (nnunet:jobs lists them)");
        }
        System.out.println("Job " + id + " is stopping");
        return null;
    }
}
