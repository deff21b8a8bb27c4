package io.jnnunet.training.internal;

import static org.junit.Assert.assertEquals;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.Test;

/** The probe's timing on scripted iteration times: warm-up until stable, then the median. */
public class IterationTimerTest {

    /** Hands out the scripted times and counts how many were asked for. */
    private static final class Script implements DoubleSupplier {
        private final Deque<Double> times;
        int used;

        Script(Double... times) {
            this.times = new ArrayDeque<>(List.of(times));
        }

        @Override
        public double getAsDouble() {
            used++;
            return times.removeFirst();
        }
    }

    @Test
    public void aColdStartIsWarmedUpUntilTwoTimingsAgreeAndNotCounted() {
        // JIT and allocator: 0.3, 0.15, then 0.1 and 0.11 agree; five timed, two of them slowed down by other work
        Script script = new Script(0.3, 0.15, 0.1, 0.11, 0.1, 0.4, 0.09, 0.12, 0.5, 9.9);
        assertEquals(0.12, IterationTimer.secondsPerIteration(script), 0);
        assertEquals(9, script.used);
    }

    @Test
    public void aSteadyIterationNeedsTwoWarmUps() {
        Script script = new Script(0.1, 0.11, 0.1, 0.12, 0.09, 0.1, 0.1);
        assertEquals(0.1, IterationTimer.secondsPerIteration(script), 0);
        assertEquals(7, script.used);
    }

    @Test
    public void anUnstableMachineEndsTheWarmUpAtItsCap() {
        Script script = new Script(1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 0.5, 0.6, 0.7, 0.8, 0.9);
        assertEquals(0.7, IterationTimer.secondsPerIteration(script), 0);
        assertEquals(11, script.used);
    }

    /** Iterations of seconds: three timed ones are enough, the median of an even count is the mean of the middle. */
    @Test
    public void slowIterationsAreTimedFewerTimes() {
        Script script = new Script(4.0, 4.0, 4.0, 3.0, 5.0);
        assertEquals(4.0, IterationTimer.secondsPerIteration(script), 0);
        assertEquals(5, script.used);
        Script four = new Script(2.0, 2.0, 2.0, 1.0, 2.5, 3.5);
        assertEquals(2.25, IterationTimer.secondsPerIteration(four), 0);
        assertEquals(6, four.used);
    }
}
