package io.jnnunet.workflow.internal;

import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The wall-clock arithmetic of {@code nnunet:auto}: the budget counts from the start of the run, the steps before the
 * training take what they take, a reserve is kept for the final validation and the instance tuning, and the training
 * gets the rest.
 *
 * <p>What the final validation (a sliding window with mirroring over the fold's validation cases) and the tuning (a
 * few dozen decodings of those cases) cost depends on the network the budget planner is about to choose, so the
 * planner is told the budget less a fixed share with a floor: 15 % of it, at least a minute. Once the plan is made,
 * {@link #sizeReserve} shrinks the reserve to an estimate from the plan's measured iteration, and the training gets
 * the difference: with the 30-minute plan of the cells data the validation and tuning took 33 s of the 270 s kept
 * (docs/results.md). The floor of a minute pays loading the network and the tuner's fixed cost on small budgets. The
 * result records what both steps really took ({@code step_seconds}), to check the estimate against.
 */
final class AutoBudget {

    static final double RESERVE_SHARE = 0.15;
    static final double MIN_RESERVE_SECONDS = 60;
    /** Less than this trains nothing useful: the run stops and says how much budget it needs. */
    static final double MIN_TRAINING_SECONDS = 30;
    /**
     * A forward pass of one patch against the per-sample time of a training iteration (forward, backward with about
     * twice its work, the update): inference at a third of it.
     */
    static final double FORWARD_SHARE = 1.0 / 3;
    /** The estimate is doubled: a machine that gets busier during the validation must still end within the budget. */
    static final double RESERVE_SAFETY = 2;
    /** Loading the network, writing and evaluating the predictions, the tuner's decodings. */
    static final double RESERVE_FIXED_SECONDS = 30;

    private final double budgetSeconds;
    private final LongSupplier nanoClock;
    private final long start;
    private double reserveSeconds;

    /** Starts counting now. */
    AutoBudget(double budgetMinutes, LongSupplier nanoClock) {
        this.budgetSeconds = budgetMinutes * 60;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.reserveSeconds = Math.max(MIN_RESERVE_SECONDS, RESERVE_SHARE * budgetSeconds);
    }

    double budgetSeconds() {
        return budgetSeconds;
    }

    /** Seconds since the start. */
    double elapsed() {
        return (nanoClock.getAsLong() - start) / 1e9;
    }

    /** Seconds on the clock now, to time a step with. */
    long now() {
        return nanoClock.getAsLong();
    }

    double reserveSeconds() {
        return reserveSeconds;
    }

    /**
     * Shrinks the reserve to what the plan's network needs: {@link #RESERVE_SAFETY} times the estimated sliding
     * window over the validation cases plus {@link #RESERVE_FIXED_SECONDS}, within the floor and the share kept so
     * far.
     *
     * @param validationSeconds {@link #validationSeconds}
     * @return the reserve now
     */
    double sizeReserve(double validationSeconds) {
        reserveSeconds = Math.max(MIN_RESERVE_SECONDS, Math.min(reserveSeconds,
                RESERVE_SAFETY * validationSeconds + RESERVE_FIXED_SECONDS));
        return reserveSeconds;
    }

    /**
     * The seconds nnU-Net's final validation should take: per case, the sliding window's tiles at half-patch steps
     * ({@code compute_steps_for_sliding_window} with step 0.5) over the median image, each predicted once per
     * mirroring (2^axes), at {@link #FORWARD_SHARE} of the measured per-sample iteration time.
     */
    static double validationSeconds(int cases, double[] imageShape, List<Integer> patchSize,
            double secondsPerIteration, int batchSize) {
        long windows = 1;
        for (int d = 0; d < patchSize.size(); d++) {
            double patch = patchSize.get(d);
            windows *= imageShape[d] <= patch ? 1 : (long) Math.ceil((imageShape[d] - patch) / (patch * 0.5)) + 1;
        }
        long passes = windows << patchSize.size();
        return cases * passes * secondsPerIteration / batchSize * FORWARD_SHARE;
    }

    /**
     * The budget minus the time spent so far minus the reserve.
     *
     * @throws IllegalStateException when that is less than {@value #MIN_TRAINING_SECONDS} s, naming what was spent and
     *     the budget that would leave enough
     */
    double trainingSecondsLeft() {
        double spent = elapsed();
        double left = budgetSeconds - spent - reserveSeconds();
        if (left < MIN_TRAINING_SECONDS) {
            double needed = Math.max((spent + MIN_TRAINING_SECONDS) / (1 - RESERVE_SHARE),
                    spent + MIN_TRAINING_SECONDS + MIN_RESERVE_SECONDS);
            throw new IllegalStateException(String.format(Locale.ROOT, "the budget of %.1f min leaves"
                    + " %.0f s to train after %.0f s spent and %.0f s kept for validation and tuning; give at least"
                    + " --budget-minutes %d", budgetSeconds / 60, Math.max(0, left), spent, reserveSeconds(),
                    (long) Math.ceil(needed / 60)));
        }
        return left;
    }

    /**
     * The plan's epochs shrunk in proportion when less time is left than was planned for (the budget planner's probe
     * ran meanwhile), at least one; never more than the plan's.
     */
    static int scaledEpochs(int planEpochs, double plannedSeconds, double leftSeconds) {
        return Math.max(1, (int) Math.floor(planEpochs * Math.min(1, leftSeconds / plannedSeconds)));
    }
}
