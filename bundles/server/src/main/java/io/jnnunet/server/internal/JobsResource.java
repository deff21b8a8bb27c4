package io.jnnunet.server.internal;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.JobSpec;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.workflow.PredictionWorkflow;
import io.jnnunet.api.workflow.EvaluationWorkflow;
import io.jnnunet.api.workflow.BestConfigurationWorkflow;
import io.jnnunet.formats.NnunetJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.sse.OutboundSseEvent;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code /api/jobs}: JobSpecs in, JobInfos out, a job's live events as Server-Sent Events and its whole log. Jobs of
 * the types that only read a model (predict, evaluate, find-best-configuration) are for every user, the others
 * (training, planning, a lab's own types) for admins; a user sees and cancels only the jobs they submitted.
 */
@Component(service = JobsResource.class, configurationPid = ServerConfig.PID)
@Designate(ocd = ServerConfig.class)
@JaxrsResource
@JaxrsApplicationSelect(LabApplication.SELECT)
@Path("jobs")
public class JobsResource {

    static final Set<String> USER_TYPES = Set.of(PredictionWorkflow.JOB_TYPE, EvaluationWorkflow.JOB_TYPE,
            BestConfigurationWorkflow.JOB_TYPE);

    private final JobManager jobs;
    private final JobEventHub hub;
    private final NnunetPaths paths;
    private final NnunetJson json = new NnunetJson();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "jnnunet-sse-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ServerConfig config;

    @Activate
    public JobsResource(@Reference JobManager jobs, @Reference JobEventHub hub, @Reference NnunetPaths paths,
            ServerConfig config) {
        this.jobs = jobs;
        this.hub = hub;
        this.paths = paths;
        this.config = config;
    }

    @Modified
    void modified(ServerConfig changed) {
        config = changed;
    }

    @Deactivate
    void deactivate() {
        heartbeats.shutdownNow();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(JobSpec spec, @Context SecurityContext caller, @Context UriInfo uri) {
        if (spec == null) {
            throw ApiException.badRequest("the body must be a job spec: {\"type\": ..., \"version\": 1,"
                    + " \"request\": {...}}");
        }
        if (USER_TYPES.contains(spec.type())) {
            Roles.requireUser(caller);
        } else {
            Roles.requireAdmin(caller);
        }
        JobInfo job = jobs.submit(requestPaths().check(spec), Roles.owner(caller));
        return Response.created(uri.getAbsolutePathBuilder().path(job.id()).build()).entity(job).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<JobInfo> list(@Context SecurityContext caller) {
        Roles.requireUser(caller);
        return jobs.jobs().stream().filter(job -> visible(job, caller)).toList();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public JobInfo job(@PathParam("id") String id, @Context SecurityContext caller) {
        return visibleJob(id, caller);
    }

    /** Cancels a queued or running job; a cancelled training keeps its checkpoint_latest. */
    @DELETE
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public JobInfo cancel(@PathParam("id") String id, @Context SecurityContext caller) {
        JobInfo job = visibleJob(id, caller);
        if (job.state().ended()) {
            throw new ApiException(409, "job " + id + " has ended (" + job.state() + "); there is nothing to"
                    + " cancel");
        }
        jobs.cancel(id);
        return jobs.job(id).orElse(job);
    }

    @GET
    @Path("{id}/log")
    @Produces(MediaType.TEXT_PLAIN)
    public String log(@PathParam("id") String id, @Context SecurityContext caller) {
        visibleJob(id, caller);
        List<String> lines = jobs.log(id).orElse(List.of());
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /**
     * The job as it is ({@code state}), then its events as they happen, named by their kind ({@code PROGRESS},
     * {@code MESSAGE}, {@code EPOCH} with the losses and pseudo Dice), and at its end the job with its result
     * ({@code FINISHED}, {@code FAILED} or {@code CANCELLED}); then the stream closes.
     */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") String id, @Context SecurityContext caller, @Context SseEventSink sink,
            @Context Sse sse) {
        visibleJob(id, caller);
        AtomicReference<AutoCloseable> following = new AtomicReference<>();
        AtomicReference<ScheduledFuture<?>> heartbeat = new AtomicReference<>();
        Runnable stop = () -> {
            close(following.getAndSet(null));
            ScheduledFuture<?> beat = heartbeat.getAndSet(null);
            if (beat != null) {
                beat.cancel(false);
            }
            sink.close();
        };
        // events that come before the state is sent wait for it, so the stream always starts with the state
        List<JobEventHub.JobEvent> early = new ArrayList<>();
        AtomicBoolean started = new AtomicBoolean();
        java.util.function.Consumer<JobEventHub.JobEvent> forward = event -> {
            boolean ended = event.kind().equals(JobInfo.State.FINISHED.name())
                    || event.kind().equals(JobInfo.State.FAILED.name())
                    || event.kind().equals(JobInfo.State.CANCELLED.name());
            Object data = ended ? jobs.job(id).orElse(null) : event.properties();
            send(sink, sse, event.kind(), data, stop);
            if (ended) {
                stop.run();
            }
        };
        following.set(hub.follow(id, event -> {
            synchronized (early) {
                if (!started.get()) {
                    early.add(event);
                    return;
                }
            }
            forward.accept(event);
        }));
        JobInfo now = jobs.job(id).orElseThrow();
        synchronized (early) {
            send(sink, sse, "state", now, stop);
            if (now.state().ended()) {
                send(sink, sse, now.state().name(), now, stop);
                stop.run();
                return;
            }
            early.forEach(forward);
            started.set(true);
        }
        int every = Math.max(1, config.sse_heartbeat_seconds());
        heartbeat.set(heartbeats.scheduleAtFixedRate(() -> {
            if (sink.isClosed()) {
                stop.run();
            } else {
                sink.send(sse.newEventBuilder().comment("keep-alive").build());
            }
        }, every, every, TimeUnit.SECONDS));
    }

    private void send(SseEventSink sink, Sse sse, String name, Object data, Runnable stop) {
        if (sink.isClosed()) {
            stop.run();
            return;
        }
        OutboundSseEvent event = sse.newEventBuilder().name(name).data(String.class, text(data)).build();
        sink.send(event).whenComplete((ok, failed) -> {
            if (failed != null) {
                stop.run();
            }
        });
    }

    private String text(Object data) {
        try {
            return json.mapper().writeValueAsString(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write an event as JSON: " + e.getMessage(), e);
        }
    }

    private static void close(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // following ends; nothing to report
            }
        }
    }

    /** The job when the caller may see it; 404 otherwise, so ids of other users' jobs are not revealed. */
    private JobInfo visibleJob(String id, SecurityContext caller) {
        Roles.requireUser(caller);
        return jobs.job(id).filter(job -> visible(job, caller))
                .orElseThrow(() -> ApiException.notFound("no job " + id));
    }

    private static boolean visible(JobInfo job, SecurityContext caller) {
        return caller.isUserInRole(Roles.ADMIN) || Roles.owner(caller).equals(job.owner());
    }

    private JobRequestPaths requestPaths() {
        java.nio.file.Path work = WorkFolder.of(config);
        return new JobRequestPaths(work, List.of(paths.raw(), paths.preprocessed(), paths.results(), work));
    }
}
