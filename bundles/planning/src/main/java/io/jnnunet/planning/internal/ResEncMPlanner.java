package io.jnnunet.planning.internal;

import io.jnnunet.api.ExperimentPlanner;
import org.osgi.service.component.annotations.Component;

/** {@code nnUNetPlannerResEncM}, plans {@code nnUNetResEncUNetMPlans}: nnU-Net's ResEnc preset for ~9-11 GB GPUs. */
@Component(service = ExperimentPlanner.class, property = ExperimentPlanner.NAME + "=nnUNetPlannerResEncM")
public final class ResEncMPlanner extends DefaultExperimentPlanner {

    public ResEncMPlanner() {
        super(PlannerProfile.resEncM());
    }
}
