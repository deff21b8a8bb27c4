package io.jnnunet.shell.internal;

import io.jnnunet.api.workflow.PlanAndPreprocessRequest;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "nnunet", name = "preprocess",
        description = "Preprocesses the training cases for configurations of a plans file (nnUNetv2_preprocess)")
public class PreprocessCommand extends PlanningCommand {

    @Option(name = "-p", aliases = {"--plans", "-plans_name"}, description = "plans identifier (default nnUNetPlans)")
    String plansName = PlanAndPreprocessRequest.DEFAULT_PLANS;

    @Option(name = "-c", aliases = "--configurations", multiValued = true,
            description = "configurations (default: 2d 3d_fullres 3d_lowres, those the plans have)")
    List<String> configurations;

    @Override
    PlanAndPreprocessRequest request() {
        return new PlanAndPreprocessRequest(datasets, false, false, true, false, false, null, plansName, null, null,
                null, null, configurations, workers, null);
    }
}
