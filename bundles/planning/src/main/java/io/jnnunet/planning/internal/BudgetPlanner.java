package io.jnnunet.planning.internal;

import ai.djl.Device;
import io.jnnunet.api.ExperimentPlanner;
import io.jnnunet.api.PlanningRequest;
import io.jnnunet.api.Plans;
import io.jnnunet.api.network.NetworkArchitecture;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.DeviceInfo;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.JMException;
import javax.management.ObjectName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * jnnunet's compute-budget planner, for labs without a big GPU: given a device and minutes for training one fold, it
 * plans the network closest to nnU-Net's default that trains long enough in that time, measuring the real network on
 * the device rather than guessing (see {@link BudgetSearch}). Plans are named {@code nnUNetPlans_budget<N>min}.
 */
@Component(service = ExperimentPlanner.class, property = ExperimentPlanner.NAME + "=BudgetPlanner")
public class BudgetPlanner implements ExperimentPlanner {

    /** Share of the machine's memory (CPU) or the GPU's memory that training may take. */
    private static final double MEMORY_SHARE = 0.5;

    private final ComputeEngine engine;
    private final List<NetworkArchitecture> architectures = new CopyOnWriteArrayList<>();

    @Activate
    public BudgetPlanner(@Reference ComputeEngine engine) {
        this.engine = engine;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addArchitecture(NetworkArchitecture architecture) {
        architectures.add(architecture);
    }

    void removeArchitecture(NetworkArchitecture architecture) {
        architectures.remove(architecture);
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
        Device device = engine.device(request.device());
        TrainingProbe probe = new DjlTrainingProbe(engine, device, this::architecture);
        String description = engine.devices().stream().filter(d -> d.device().equals(device))
                .map(d -> d.name() + " (" + d.description() + ")").findFirst().orElse(device.toString());
        return new BudgetExperimentPlanner(probe, budgetMinutes(request), description, memoryLimit(device))
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

    private NetworkArchitecture architecture(String name) {
        return architectures.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no network architecture '" + name + "' is installed;"
                        + " installed: " + architectures.stream().map(NetworkArchitecture::name).toList()));
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
