package io.jnnunet.training.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class DeadlineTest {

    private long nanos = 5_000_000_000L;

    private void advance(double seconds) {
        nanos += (long) (seconds * 1e9);
    }

    @Test
    public void aContinuedRunCountsTheSecondsSpentBefore() {
        Deadline deadline = new Deadline(100, 40, () -> nanos);
        assertEquals(40, deadline.elapsed(), 1e-9);
        advance(10);
        assertEquals(50, deadline.elapsed(), 1e-9);
        assertEquals(0.5, deadline.share(0), 1e-9);
        advance(60);
        assertEquals(1, deadline.share(0), 0);
    }

    /** The learning rate's time ends where the last epoch's end (validation, checkpoints) begins. */
    @Test
    public void theShareLeavesOutTheTimeReservedForTheLastEpochsEnd() {
        Deadline deadline = new Deadline(100, 0, () -> nanos);
        advance(45);
        assertEquals(0.5, deadline.share(10), 1e-9);
        assertEquals(0.9, deadline.share(50), 1e-9);
        assertEquals(0.9, deadline.share(80), 1e-9);
    }

    @Test
    public void workFitsUntilItWouldEndAfterTheDeadline() {
        Deadline deadline = new Deadline(10, 0, () -> nanos);
        advance(8);
        assertTrue(deadline.fits(2));
        assertFalse(deadline.fits(2.5));
    }

    /** As many epochs as the time left holds, the last one shortened; none when not even the shortest fits. */
    @Test
    public void theEpochsLeftFollowTheMeasuredPace() {
        Deadline deadline = new Deadline(100, 0, () -> nanos);
        advance(10);
        assertEquals(9, deadline.epochsLeft(10, 1));
        assertEquals(30, deadline.epochsLeft(3, 1));
        advance(89.5);
        assertEquals(0, deadline.epochsLeft(10, 1));
        assertEquals(1, deadline.epochsLeft(10, 0.2));
    }
}
