package io.jnnunet.training.internal;

import java.util.function.LongSupplier;

/**
 * The clock of a deadline run: the wall-clock seconds its training loop may take (training and validation
 * iterations, checkpoints, progress.png), the seconds a resumed run had spent before, and those spent since this run
 * started. The poly learning rate follows {@link #share(double)}; the run ends when no further iteration fits.
 */
final class Deadline {

    private final double seconds;
    private final double spentBefore;
    private final LongSupplier nanoClock;
    private final long start;

    /**
     * Starts the clock.
     *
     * @param spentBefore seconds spent by the run a continued training resumes, 0 for a new one
     * @param nanoClock {@link System#nanoTime()} but in tests
     */
    Deadline(double seconds, double spentBefore, LongSupplier nanoClock) {
        this.seconds = seconds;
        this.spentBefore = spentBefore;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    double seconds() {
        return seconds;
    }

    double elapsed() {
        return spentBefore + (nanoClock.getAsLong() - start) / 1e9;
    }

    /**
     * The share of the training iterations' time spent, 0 to 1: of the time less what the last epoch's end will take
     * (its validation and checkpoints), so that the learning rate reaches its end value with the last iteration.
     *
     * @param reserveSeconds the end of an epoch, as measured; at most half the time is reserved
     */
    double share(double reserveSeconds) {
        return Math.min(1, elapsed() / (seconds - Math.min(reserveSeconds, seconds / 2)));
    }

    /** Whether work of these seconds, started now, ends by the deadline. */
    boolean fits(double workSeconds) {
        return elapsed() + workSeconds <= seconds;
    }

    /**
     * The epochs still to come at this pace: as many as the time left holds, the last one possibly shortened; none
     * when not even one iteration and the end of an epoch fit any more.
     *
     * @param epochSeconds one whole epoch
     * @param minimumSeconds the shortest epoch: one training iteration, the validation and the bookkeeping
     */
    int epochsLeft(double epochSeconds, double minimumSeconds) {
        double left = seconds - elapsed();
        return left < minimumSeconds ? 0 : (int) Math.max(1, Math.ceil((left - minimumSeconds) / epochSeconds));
    }
}
