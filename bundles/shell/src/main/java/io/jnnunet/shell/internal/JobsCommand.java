package io.jnnunet.shell.internal;

import io.jnnunet.api.Durations;
import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "nnunet", name = "jobs",
        description = "Lists the background jobs with their state, progress and last message (nnunet:job <id> shows"
                + " one in full)")
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
        table.column("Progress").alignRight();
        table.column("Job");
        table.column("Running for").alignRight();
        table.column("Last message").maxSize(100).wrap();
        table.emptyTableText("no jobs");
        for (JobInfo job : jobs.jobs()) {
            table.addRow().addContent(job.id(), job.state(), percent(job), job.description(), runningFor(job),
                    job.error() != null ? job.error() : job.message() == null ? "" : job.message());
        }
        table.print(System.out);
        return null;
    }

    static String percent(JobInfo job) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * job.progress());
    }

    static String runningFor(JobInfo job) {
        if (job.started() == null) {
            return "";
        }
        Instant end = job.finished() != null ? job.finished() : Instant.now();
        return Durations.format(Duration.between(job.started(), end).toMillis() / 1000.0);
    }
}
