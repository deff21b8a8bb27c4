package io.jnnunet.shell.internal;

import io.jnnunet.api.PlanningRequest;
import io.jnnunet.api.ProgressListener;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "nnunet", name = "plan",
        description = "Plans the experiment from the fingerprint (nnUNetv2_plan_experiment) and writes the plans file")
public class PlanCommand extends PlanningCommand {

    @Option(name = "-pl", aliases = "--planner", description = "the planner (nnunet:planners lists them)")
    @Completion(PlannerCompleter.class)
    String planner = "ExperimentPlanner";

    @Option(name = "--gpu-memory-target", aliases = "-gpu_memory_target",
            description = "GPU memory (GB) the default planner plans for (default 8)")
    double gpuMemoryTarget = 8;

    @Option(name = "--budget-minutes", description = "compute-budget planner: minutes to train one fold")
    Double budgetMinutes;

    @Option(name = "--device", description = "compute-budget planner: the device to plan for (cpu, gpu:0, auto)")
    String device;

    @Option(name = "--plans-name", aliases = "-overwrite_plans_name", description = "plans identifier to write")
    String plansName;

    @Option(name = "--overwrite-target-spacing", aliases = "-overwrite_target_spacing", multiValued = true,
            description = "target spacing of 3d_fullres (3 values), which 2d and 3d_lowres derive from")
    List<Double> overwriteTargetSpacing;

    @Override
    void run(Dataset dataset) throws Exception {
        plan(dataset, planner, request());
    }

    PlanningRequest request() {
        double[] spacing = overwriteTargetSpacing == null || overwriteTargetSpacing.isEmpty() ? null
                : overwriteTargetSpacing.stream().mapToDouble(Double::doubleValue).toArray();
        if (spacing != null && spacing.length != 3) {
            throw new IllegalArgumentException("--overwrite-target-spacing takes 3 values, got " + spacing.length);
        }
        return new PlanningRequest(null, null, null, plansName, gpuMemoryTarget, spacing, budgetMinutes, device,
                ProgressListener.NONE);
    }
}
