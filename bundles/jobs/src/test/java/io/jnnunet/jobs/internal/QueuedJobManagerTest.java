package io.jnnunet.jobs.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobInfo.State;
import java.lang.annotation.Annotation;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

public class QueuedJobManagerTest {

    private final QueuedJobManager manager = new QueuedJobManager(new QueuedJobManager.Config() {
        @Override
        public int jobs_parallel() {
            return 1;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return QueuedJobManager.Config.class;
        }
    });

    @After
    public void stop() throws InterruptedException {
        manager.deactivate();
    }

    private JobInfo await(String id, State state) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            JobInfo info = manager.job(id).orElseThrow();
            if (info.state() == state) {
                return info;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + id + " never reached " + state + ": " + manager.job(id));
    }

    @Test
    public void runsJobsOneAfterAnotherAndKeepsTheirProgress() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        JobInfo first = manager.submit("first", context -> {
            context.progress("epoch 1");
            release.await(5, TimeUnit.SECONDS);
        });
        JobInfo second = manager.submit("second", context -> context.progress("done"));
        await(first.id(), State.RUNNING);
        assertEquals(State.QUEUED, manager.job(second.id()).orElseThrow().state());
        release.countDown();
        JobInfo finished = await(second.id(), State.FINISHED);
        assertEquals("done", finished.lastLines().get(0));
        assertEquals(2, manager.jobs().size());
    }

    @Test
    public void aCancelledJobStopsAndAFailedOneKeepsItsError() throws Exception {
        JobInfo running = manager.submit("loop", context -> {
            while (!context.cancelled()) {
                Thread.sleep(5);
            }
        });
        await(running.id(), State.RUNNING);
        assertTrue(manager.cancel(running.id()));
        await(running.id(), State.CANCELLED);
        assertFalse("a job that ended cannot be cancelled", manager.cancel(running.id()));

        JobInfo failing = manager.submit("fails", context -> {
            throw new IllegalStateException("no plans at /x");
        });
        assertEquals("no plans at /x", await(failing.id(), State.FAILED).error());
    }
}
