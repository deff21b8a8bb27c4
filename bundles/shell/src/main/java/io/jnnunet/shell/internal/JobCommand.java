package io.jnnunet.shell.internal;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.workflow.JsonText;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "nnunet", name = "job",
        description = "Shows one job: its spec (the request as JSON, which can be submitted again or elsewhere), state,"
                + " times, error, result as JSON and last lines")
public class JobCommand implements Action {

    @Reference(optional = true)
    JobManager jobs;

    @Reference
    JsonText json;

    @Argument(index = 0, name = "job", required = true, description = "the job id (nnunet:jobs)")
    String id;

    @Override
    public Object execute() {
        if (jobs == null) {
            throw new IllegalStateException("no job manager is installed (feature jnnunet-jobs)");
        }
        JobInfo job = jobs.job(id).orElseThrow(() -> new IllegalArgumentException("no job " + id
                + " (nnunet:jobs lists them)"));
        PrintStream out = System.out;
        out.println("Job " + job.id() + ": " + job.description());
        out.println("State: " + job.state() + ", " + JobsCommand.percent(job)
                + (job.message() == null ? "" : ": " + job.message()));
        out.println("Submitted: " + job.submitted() + (job.started() == null ? "" : ", started: " + job.started())
                + (job.finished() == null ? "" : ", finished: " + job.finished())
                + (job.started() == null ? "" : " (" + JobsCommand.runningFor(job) + ")"));
        if (job.error() != null) {
            out.println("Error: " + job.error());
        }
        out.println("Spec:");
        out.println(json.of(job.spec()));
        String result = json.resultOf(job);
        if (result != null) {
            out.println("Result:");
            out.println(result);
        }
        if (!job.lastLines().isEmpty()) {
            out.println("Last lines:");
            job.lastLines().forEach(line -> out.println("  " + line));
        }
        return null;
    }
}
