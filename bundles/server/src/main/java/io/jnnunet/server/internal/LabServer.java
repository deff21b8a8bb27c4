package io.jnnunet.server.internal;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.workflow.ServerInfo;
import io.jnnunet.api.workflow.ServerStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The server's state in one record: its address, queue, warm models and watch folders. */
@Component(service = {ServerStatus.class, LabServer.class}, configurationPid = ServerConfig.PID)
public class LabServer implements ServerStatus {

    private final String version;
    private final JobManager jobs;
    private final WarmModels warm;
    private final List<WatchFolder> watchFolders = new CopyOnWriteArrayList<>();
    private volatile ServerConfig config;

    @Activate
    public LabServer(BundleContext context, @Reference JobManager jobs, @Reference WarmModels warm,
            ServerConfig config) {
        this.version = context.getBundle().getVersion().toString();
        this.jobs = jobs;
        this.warm = warm;
        this.config = config;
    }

    @Modified
    void modified(ServerConfig changed) {
        config = changed;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeWatchFolder")
    void addWatchFolder(WatchFolder folder) {
        watchFolders.add(folder);
    }

    void removeWatchFolder(WatchFolder folder) {
        watchFolders.remove(folder);
    }

    @Override
    public ServerInfo server() {
        List<JobInfo> all = jobs.jobs();
        int queued = (int) all.stream().filter(j -> j.state() == JobInfo.State.QUEUED).count();
        int running = (int) all.stream().filter(j -> j.state() == JobInfo.State.RUNNING).count();
        ServerConfig c = config;
        String host = c.host().contains(":") ? "[" + c.host() + "]" : c.host();
        return new ServerInfo(version, "http://" + host + ":" + c.port() + LabApplication.BASE + "/", null,
                new ServerInfo.Queue(queued, running, jobs.queueLimit()),
                warm.loaded(), watchFolders.stream().map(WatchFolder::status).toList());
    }
}
