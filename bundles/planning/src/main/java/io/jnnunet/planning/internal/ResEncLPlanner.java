package io.jnnunet.planning.internal;

import io.jnnunet.api.ExperimentPlanner;
import org.osgi.service.component.annotations.Component;

/** {@code nnUNetPlannerResEncL}, plans {@code nnUNetResEncUNetLPlans}: the recommended ResEnc preset (~24 GB GPUs). */
@Component(service = ExperimentPlanner.class, property = ExperimentPlanner.NAME + "=nnUNetPlannerResEncL")
public final class ResEncLPlanner extends DefaultExperimentPlanner {

    public ResEncLPlanner() {
        super(PlannerProfile.resEncL());
    }
}
