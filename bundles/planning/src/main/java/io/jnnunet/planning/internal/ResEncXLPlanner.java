package io.jnnunet.planning.internal;

import io.jnnunet.api.ExperimentPlanner;
import org.osgi.service.component.annotations.Component;

/** {@code nnUNetPlannerResEncXL}, plans {@code nnUNetResEncUNetXLPlans}: nnU-Net's ResEnc preset for ~40 GB GPUs. */
@Component(service = ExperimentPlanner.class, property = ExperimentPlanner.NAME + "=nnUNetPlannerResEncXL")
public final class ResEncXLPlanner extends DefaultExperimentPlanner {

    public ResEncXLPlanner() {
        super(PlannerProfile.resEncXL());
    }
}
