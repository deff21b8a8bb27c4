package io.jnnunet.shell.internal;

import io.jnnunet.api.workflow.PlanAndPreprocessRequest;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "nnunet", name = "plan-and-preprocess",
        description = "Fingerprint, plans and preprocessing in one go (nnUNetv2_plan_and_preprocess)")
public class PlanAndPreprocessCommand extends PlanCommand {

    @Option(name = "--verify-dataset-integrity", aliases = "--verify_dataset_integrity",
            description = "run the integrity check first")
    boolean verify;

    @Option(name = "--clean", description = "extract the fingerprint again even if one exists")
    boolean clean;

    @Option(name = "-c", aliases = "--configurations", multiValued = true,
            description = "configurations to preprocess (default: 2d 3d_fullres 3d_lowres, those planned)")
    List<String> configurations;

    @Option(name = "--no-pp", aliases = "--no_pp", description = "fingerprint and plans only")
    boolean noPreprocessing;

    @Override
    PlanAndPreprocessRequest request() {
        return request(true, !noPreprocessing, verify, clean, configurations);
    }
}
