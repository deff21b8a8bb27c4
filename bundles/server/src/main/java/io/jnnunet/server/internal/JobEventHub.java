package io.jnnunet.server.internal;

import io.jnnunet.api.JobManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The job manager's Event Admin events, handed to whoever follows a job (a Server-Sent Events stream): each event as
 * its kind ({@code PROGRESS}, {@code EPOCH}, {@code FINISHED} ...) and its properties.
 */
@Component(service = {JobEventHub.class, EventHandler.class},
        property = EventConstants.EVENT_TOPIC + "=" + JobManager.TOPIC_ALL)
public class JobEventHub implements EventHandler {

    /** One event of a job. */
    public record JobEvent(String kind, Map<String, Object> properties) {
    }

    private final Map<String, Set<Consumer<JobEvent>>> followers = new ConcurrentHashMap<>();

    /** Follows a job's events until the returned handle is closed. */
    public AutoCloseable follow(String jobId, Consumer<JobEvent> follower) {
        followers.computeIfAbsent(jobId, id -> new CopyOnWriteArraySet<>()).add(follower);
        return () -> followers.computeIfPresent(jobId, (id, set) -> {
            set.remove(follower);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void handleEvent(Event event) {
        Object id = event.getProperty(JobManager.JOB_ID);
        Set<Consumer<JobEvent>> set = id == null ? null : followers.get(id.toString());
        if (set == null) {
            return;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String name : event.getPropertyNames()) {
            if (!name.equals(EventConstants.EVENT_TOPIC)) {
                properties.put(name, event.getProperty(name));
            }
        }
        JobEvent jobEvent = new JobEvent(event.getTopic().substring(JobManager.TOPIC_PREFIX.length()), properties);
        set.forEach(follower -> follower.accept(jobEvent));
    }
}
