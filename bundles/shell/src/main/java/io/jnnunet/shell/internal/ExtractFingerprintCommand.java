package io.jnnunet.shell.internal;

import io.jnnunet.api.workflow.PlanAndPreprocessRequest;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "nnunet", name = "extract-fingerprint",
        description = "Extracts the dataset fingerprint (nnUNetv2_extract_fingerprint): shapes and spacings after"
                + " cropping, foreground intensity statistics; writes dataset_fingerprint.json to the preprocessed"
                + " folder")
public class ExtractFingerprintCommand extends PlanningCommand {

    @Option(name = "--verify-dataset-integrity", description = "run the integrity check first")
    boolean verify;

    @Option(name = "--clean", description = "extract again even if a fingerprint exists")
    boolean clean;

    @Override
    PlanAndPreprocessRequest request() {
        return new PlanAndPreprocessRequest(datasets, true, false, false, verify, clean, null, null, null, null, null,
                null, null, workers, null);
    }
}
