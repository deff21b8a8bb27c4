package io.jnnunet.workflow.internal;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The wall-clock arithmetic of {@code nnunet:auto}: the budget counts from the start of the run, the steps before the
 * training take what they take, a reserve is kept for the final validation and the instance tuning, and the training
 * gets the rest.
 *
 * <p>The reserve is a fixed share of the budget with a floor, not an estimate: what the final validation (a sliding
 * window with mirroring over the fold's validation cases) and the tuning (a few dozen decodings of those cases) cost
 * depends on the network the budget planner is about to choose, so nothing can be measured yet when the planner must
 * be told its minutes. 15 % of 30 minutes gives the cells data's fold 0 (20 validation cases) 13 s a case for both
 * steps, where predicting one 520 x 696 image with mirroring took 2.4 s on a 2-core CPU (docs/results.md), so the
 * tuning's decodings have room too. The floor of a minute pays loading the network and the tuner's fixed cost on
 * small budgets, where 15 % would be seconds. The result records what both steps really took
 * ({@code step_seconds}), to check the share against.
 */
final class AutoBudget {

    static final double RESERVE_SHARE = 0.15;
    static final double MIN_RESERVE_SECONDS = 60;
    /** Less than this trains nothing useful: the run stops and says how much budget it needs. */
    static final double MIN_TRAINING_SECONDS = 30;

    private final double budgetSeconds;
    private final LongSupplier nanoClock;
    private final long start;

    /** Starts counting now. */
    AutoBudget(double budgetMinutes, LongSupplier nanoClock) {
        this.budgetSeconds = budgetMinutes * 60;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
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
        return Math.max(MIN_RESERVE_SECONDS, RESERVE_SHARE * budgetSeconds);
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
