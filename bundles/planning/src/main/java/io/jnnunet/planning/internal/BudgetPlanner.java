package io.jnnunet.planning.internal;

import ai.djl.Device;
import io.jnnunet.api.ExperimentPlanner;
import io.jnnunet.api.PlanningRequest;
import io.jnnunet.api.Plans;
import io.jnnunet.api.IterationProbe;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.Precision;
import io.jnnunet.djl.PrecisionChoice;
import io.jnnunet.djl.DeviceInfo;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * jnnunet's compute-budget planner, for labs without a big GPU: given a device and minutes for training one fold, it
 * plans the network closest to nnU-Net's default that trains long enough in that time, timing the trainer's real
 * iterations on the device rather than guessing (see {@link BudgetSearch}). Plans are named {@code nnUNetPlans_budget<N>min}.
 */
@Component(service = ExperimentPlanner.class, property = ExperimentPlanner.NAME + "=BudgetPlanner")
public class BudgetPlanner implements ExperimentPlanner {

    /** Share of the machine's memory (CPU) or the GPU's memory that training may take. */
    private static final double MEMORY_SHARE = 0.5;

    private final ComputeEngine engine;
    private final IterationProbe iterations;

    /** @param iterations times the trainer's iterations: nnU-Net's, which the budget plans are trained with */
    @Activate
    public BudgetPlanner(@Reference(name = "engine") ComputeEngine engine,
            @Reference(name = "iterations") IterationProbe iterations) {
        this.engine = engine;
        this.iterations = iterations;
    }

    @Override
    public String name() {
        return "BudgetPlanner";
    }

    @Override
    public String description() {
        return PlannerProfile.budgetPlanner().description();
    }

    @Override
    public String defaultPlansName(PlanningRequest request) {
        return BudgetExperimentPlanner.plansName(budgetMinutes(request));
    }

    @Override
    public Plans plan(PlanningRequest request) {
        // no device asked for: the configured default, which the trainer uses too (engine.device(null) is a GPU)
        Device device = request.device() == null ? engine.defaultDevice() : engine.device(request.device());
        String deviceName = request.device();
        Precision asked = request.precision() == null ? Precision.FP32
                : Precision.parse(request.precision(), "precision");
        PrecisionChoice precision = engine.precision(asked, device);
        // 2d trains with batch Dice and 3d_fullres mostly too; its cost is the same either way
        TrainingProbe probe = (architecture, inputChannels, numOutputs, batch, patch) -> iterations
                .secondsPerIteration(architecture, inputChannels, numOutputs, batch, patch, true, deviceName,
                        asked.label());
        String description = engine.devices().stream().filter(d -> d.device().equals(device))
                .map(d -> d.name() + " (" + d.description() + ")").findFirst().orElse(device.toString());
        return new BudgetExperimentPlanner(probe, budgetMinutes(request), description, memoryLimit(device), precision)
                .plan(request);
    }

    private static double budgetMinutes(PlanningRequest request) {
        Double minutes = request.budgetMinutes();
        if (minutes == null || !(minutes > 0) || minutes.isInfinite()) {
            throw new IllegalArgumentException("the BudgetPlanner needs a time budget: --budget-minutes N (minutes"
                    + " to train one fold), got " + minutes);
        }
        return minutes;
    }

    private long memoryLimit(Device device) {
        long total = device.isGpu()
                ? engine.devices().stream().filter(d -> d.device().equals(device)).mapToLong(DeviceInfo::memoryBytes)
                        .findFirst().orElse(0)
                : physicalMemory();
        return (long) (total * MEMORY_SHARE);
    }

    /** The machine's memory, through JMX so that no com.sun package has to be imported inside OSGi. */
    private static long physicalMemory() {
        try {
            return (Long) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "TotalMemorySize");
        } catch (JMException | ClassCastException e) {
            return Runtime.getRuntime().maxMemory();
        }
    }
}
