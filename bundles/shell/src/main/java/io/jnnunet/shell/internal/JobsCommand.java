package io.jnnunet.shell.internal;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import java.time.Duration;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "nnunet", name = "jobs", description = "Lists the background jobs with their state and last progress")
public class JobsCommand implements Action {

    @Reference(optional = true)
    JobManager jobs;

    @Override
    public Object execute() {
        if (jobs == null) {
            throw new IllegalStateException("no job manager is installed (feature jnnunet-jobs)");
        }
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("State");
        table.column("Job");
        table.column("Running for").alignRight();
        table.column("Last progress").maxSize(100).wrap();
        table.emptyTableText("no jobs");
        for (JobInfo job : jobs.jobs()) {
            Instant end = job.finished() != null ? job.finished() : Instant.now();
            String last = job.error() != null ? job.error()
                    : job.lastLines().isEmpty() ? "" : job.lastLines().get(job.lastLines().size() - 1);
            table.addRow().addContent(job.id(), job.state(), job.description(), job.started() == null ? ""
                    : Formats.duration(Duration.between(job.started(), end).toMillis() / 1000.0), last);
        }
        table.print(System.out);
        return null;
    }
}
