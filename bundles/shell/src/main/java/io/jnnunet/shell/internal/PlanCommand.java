package io.jnnunet.shell.internal;

import io.jnnunet.api.workflow.PlanAndPreprocessRequest;
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
    String planner = PlanAndPreprocessRequest.DEFAULT_PLANNER;

    @Option(name = "--gpu-memory-target", aliases = "-gpu_memory_target",
            description = "GPU memory (GB) the default planner plans for (default 8)")
    double gpuMemoryTarget = 8;

    @Option(name = "--budget-minutes", description = "compute-budget planner: minutes to train one fold")
    Double budgetMinutes;

    @Option(name = "--device", description = "compute-budget planner: the device to plan for (cpu, gpu:0, auto)")
    String device;

    @Option(name = "--precision", description = "compute-budget planner: fp32, or bf16 (mixed precision, where"
            + " the device computes it natively), timed and written into the plans")
    String precision;

    @Option(name = "--plans-name", aliases = "-overwrite_plans_name", description = "plans identifier to write")
    String plansName;

    @Option(name = "--overwrite-target-spacing", aliases = "-overwrite_target_spacing", multiValued = true,
            description = "target spacing of 3d_fullres (3 values), which 2d and 3d_lowres derive from")
    List<Double> overwriteTargetSpacing;

    @Override
    PlanAndPreprocessRequest request() {
        return request(false, false, false, false, null);
    }

    /** The planning flags of this command with the other steps of a subcommand. */
    PlanAndPreprocessRequest request(boolean extractFingerprint, boolean preprocess, boolean verify, boolean clean,
            List<String> configurations) {
        return new PlanAndPreprocessRequest(datasets, extractFingerprint, true, preprocess, verify, clean, planner,
                plansName, gpuMemoryTarget, budgetMinutes, device, overwriteTargetSpacing, configurations, workers,
                precision);
    }
}
