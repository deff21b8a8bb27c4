package io.jnnunet.planning.internal;

import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.PlanningRequest;
import io.jnnunet.djl.PrecisionChoice;
import io.jnnunet.planning.internal.PatchAndBatchRule.PatchAndBatch;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of the compute-budget planner: nnU-Net's default planner, whose patch, features and batch of every
 * configuration are then cut down by a {@link BudgetSearch} to what trains within the budget on the device, and whose
 * configurations carry the training schedule ({@code num_epochs}, {@code num_iterations_per_epoch},
 * {@code num_val_iterations_per_epoch}), the {@code precision} the probe timed and the trainer runs, and a
 * {@code budget} record of the probe and the reasoning. Its
 * {@code training_seconds} is the trainer's deadline: the trainer follows the clock, not the epochs, which are the
 * estimate at the probe's pace. Made per request: it keeps the decisions between planning a configuration and
 * writing it.
 */
final class BudgetExperimentPlanner extends DefaultExperimentPlanner {

    /** Epochs a budgeted training is divided into, for a useful progress curve and checkpoint rhythm. */
    static final int TARGET_EPOCHS = 50;
    static final int MIN_ITERATIONS_PER_EPOCH = 25;
    static final int MAX_ITERATIONS_PER_EPOCH = 250;

    private final double budgetMinutes;
    private final String device;
    private final BudgetSearch search;
    private final PrecisionChoice precision;
    private final Map<PatchAndBatch, BudgetSearch.Decision> decisions = new IdentityHashMap<>();

    /** @param precision what the probe times in, written into the plans for the trainer */
    BudgetExperimentPlanner(TrainingProbe probe, double budgetMinutes, String device, long memoryLimitBytes,
            PrecisionChoice precision) {
        super(PlannerProfile.budgetPlanner());
        this.budgetMinutes = budgetMinutes;
        this.device = device;
        this.search = new BudgetSearch(probe, budgetMinutes, memoryLimitBytes);
        this.precision = precision;
    }

    /** {@code nnUNetPlans_budget30min}: the budget in the name, so plans for several budgets coexist. */
    static String plansName(double budgetMinutes) {
        return PlannerProfile.DEFAULT_PLANS_NAME + "_budget" + (budgetMinutes == Math.rint(budgetMinutes)
                ? Long.toString((long) budgetMinutes) : String.format(Locale.ROOT, "%.1f", budgetMinutes)) + "min";
    }

    @Override
    public String defaultPlansName(PlanningRequest request) {
        return plansName(budgetMinutes);
    }

    @Override
    protected PatchAndBatch planConfiguration(PlanningRequest request, double[] spacing, double[] medianShape,
            double approximateVoxelsDataset) {
        PatchAndBatch nnunet = super.planConfiguration(request, spacing, medianShape, approximateVoxelsDataset);
        BudgetSearch.Decision decision = search.decide(nnunet, spacing, medianShape,
                request.dataset().numberOfChannels(), request.dataset().labels().size());
        PatchAndBatch chosen = decision.chosen().plan();
        decisions.put(chosen, decision);
        return chosen;
    }

    @Override
    protected ConfigurationPlan configurationPlan(PlanningRequest request, String dataIdentifier,
            PatchAndBatch planned, double[] spacing, double[] medianShape, boolean batchDice, String nextStage) {
        ConfigurationPlan plan = super.configurationPlan(request, dataIdentifier, planned, spacing, medianShape,
                batchDice, nextStage);
        BudgetSearch.Decision decision = decisions.get(planned);
        long iterationsPerEpoch = Math.max(MIN_ITERATIONS_PER_EPOCH,
                Math.min(MAX_ITERATIONS_PER_EPOCH, Math.round(decision.iterations() / (double) TARGET_EPOCHS)));
        long epochs = Math.max(1, decision.iterations() / iterationsPerEpoch);
        plan.other().put("num_epochs", epochs);
        plan.other().put("num_iterations_per_epoch", iterationsPerEpoch);
        // nnU-Net validates 50 batches per 250 training iterations
        plan.other().put("num_val_iterations_per_epoch", Math.max(1, iterationsPerEpoch / 5));
        plan.other().put("precision", precision.precision().label());
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("budget_minutes", budgetMinutes);
        budget.put("device", device);
        budget.put("precision", precision.toString());
        budget.put("training_share", BudgetSearch.TRAINING_SHARE);
        budget.put("training_seconds", budgetMinutes * 60 * BudgetSearch.TRAINING_SHARE);
        budget.put("seconds_per_iteration", decision.secondsPerIteration());
        budget.put("estimated_training_minutes", epochs * iterationsPerEpoch * decision.secondsPerIteration() / 60);
        budget.put("probe", decision.probes().stream().map(BudgetExperimentPlanner::probeEntry).toList());
        budget.put("reasoning", decision.reasoning());
        plan.other().put("budget", budget);
        return plan;
    }

    private static Map<String, Object> probeEntry(BudgetSearch.Probe probe) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("network", probe.network());
        entry.put("gmacs_per_iteration", probe.macs() / 1e9);
        entry.put("seconds_per_iteration", probe.secondsPerIteration());
        entry.put("gflops_per_second", 2 * probe.macs() / 1e9 / probe.secondsPerIteration());
        return entry;
    }

    List<BudgetSearch.Decision> decisions() {
        return List.copyOf(decisions.values());
    }
}
