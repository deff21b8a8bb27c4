package io.jnnunet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * A background training's life as Event Admin sees it: a handler of {@value JobManager#TOPIC_ALL} receives QUEUED,
 * STARTED, one EPOCH per epoch with its numbers, and FINISHED for the job, in that order, each carrying the job's id
 * and type; the finished job holds its result.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JobEventsIT extends JnnunetTestSupport {

    private static final int EPOCHS = 2;
    private static final Set<String> MILESTONES = Set.of("QUEUED", "STARTED", "EPOCH", "FINISHED");

    @Inject
    JobManager jobs;

    @Test
    public void aBackgroundTrainingPublishesItsLifeOnEventAdmin() throws Exception {
        planTheSampleOnABudget();
        List<Event> events = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, JobManager.TOPIC_ALL);
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, events::add,
                properties);
        try {
            JobInfo job = submitInBackground(jobs, "nnunet:train " + sampleDataset() + " 2d 0 -p " + BUDGET_PLANS
                    + " --epochs " + EPOCHS + " --iterations 2 --background");
            await("the job to end", Duration.ofSeconds(300), () -> state(jobs, job.id()).ended());
            JobInfo ended = jobs.job(job.id()).orElseThrow();
            assertEquals(ended.toString(), JobInfo.State.FINISHED, ended.state());
            assertNotNull(ended.toString(), ended.result());
            // Event Admin delivers asynchronously: the last event may arrive a moment after the state changed
            await("the FINISHED event", Duration.ofSeconds(30),
                    () -> ofJob(events, job.id()).stream().anyMatch(e -> kind(e).equals("FINISHED")));

            List<Event> mine = ofJob(events, job.id());
            mine.forEach(e -> assertEquals(describe(e), "train", e.getProperty(JobManager.JOB_TYPE)));
            List<String> milestones = mine.stream().map(JobEventsIT::kind).filter(MILESTONES::contains).toList();
            List<String> expected = new ArrayList<>(List.of("QUEUED", "STARTED"));
            for (int i = 0; i < EPOCHS; i++) {
                expected.add("EPOCH");
            }
            expected.add("FINISHED");
            assertEquals(mine.stream().map(JobEventsIT::describe).toList().toString(), expected, milestones);

            List<Event> epochs = mine.stream().filter(e -> kind(e).equals("EPOCH")).toList();
            for (int i = 0; i < epochs.size(); i++) {
                Event epoch = epochs.get(i);
                assertEquals(describe(epoch), EPOCHS, number(epoch, "epochs").intValue());
                if (i > 0) {
                    assertEquals(describe(epoch), number(epochs.get(i - 1), "epoch").intValue() + 1,
                            number(epoch, "epoch").intValue());
                }
                for (String key : List.of("train_loss", "val_loss")) {
                    assertTrue(describe(epoch), Double.isFinite(number(epoch, key).doubleValue()));
                }
                number(epoch, "ema_pseudo_dice");
                assertNotNull(describe(epoch), epoch.getProperty("pseudo_dice"));
            }
            Event finished = mine.stream().filter(e -> kind(e).equals("FINISHED")).findFirst().orElseThrow();
            assertEquals(describe(finished), "FINISHED", String.valueOf(finished.getProperty(JobManager.STATE)));
        } finally {
            handler.unregister();
        }
    }

    private static List<Event> ofJob(List<Event> events, String id) {
        return events.stream().filter(e -> id.equals(e.getProperty(JobManager.JOB_ID))).toList();
    }

    /** The topic's last part: QUEUED, STARTED, PROGRESS, ... */
    private static String kind(Event event) {
        return event.getTopic().substring(JobManager.TOPIC_PREFIX.length());
    }

    private static Number number(Event event, String key) {
        Object value = event.getProperty(key);
        assertTrue(describe(event), value instanceof Number);
        return (Number) value;
    }

    private static String describe(Event event) {
        StringBuilder text = new StringBuilder(event.getTopic()).append(" {");
        for (String key : event.getPropertyNames()) {
            text.append(' ').append(key).append('=').append(event.getProperty(key));
        }
        return text.append(" }").toString();
    }
}
