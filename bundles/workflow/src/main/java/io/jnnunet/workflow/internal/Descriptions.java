package io.jnnunet.workflow.internal;

import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.workflow.AutoRequest;
import io.jnnunet.api.workflow.EvaluateFolderRequest;
import io.jnnunet.api.workflow.FindBestConfigurationRequest;
import io.jnnunet.api.workflow.PlanAndPreprocessRequest;
import io.jnnunet.api.workflow.PredictFolderRequest;
import io.jnnunet.api.workflow.RunTrainingRequest;

/** The line that says what a workflow run does, for its first message and for job lists. */
final class Descriptions {

    private final NnunetPaths paths;

    Descriptions(NnunetPaths paths) {
        this.paths = paths;
    }

    String of(PlanAndPreprocessRequest r) {
        return "plan and preprocess " + String.join(", ", r.datasets().stream().map(this::name).toList()) + " ("
                + r.planner() + ")";
    }

    String of(RunTrainingRequest r) {
        return "train " + name(r.dataset()) + " " + r.configuration() + " fold " + r.fold() + " (" + r.plans() + ")";
    }

    String of(PredictFolderRequest r) {
        String batch = r.cases() == null ? "" : r.cases().size() == 1 ? ", case " + r.cases().get(0)
                : ", cases " + r.cases().get(0) + " .. " + r.cases().get(r.cases().size() - 1) + " ("
                        + r.cases().size() + ")";
        return "predict " + r.input() + " with " + name(r.dataset()) + " " + r.configuration() + " (" + r.plans()
                + ")" + batch;
    }

    String of(EvaluateFolderRequest r) {
        return "evaluate " + r.prediction() + " against " + r.reference();
    }

    String of(AutoRequest r) {
        return Auto.describe(r, name(r.dataset()));
    }

    String of(FindBestConfigurationRequest r) {
        return "find the best configuration of " + name(r.dataset());
    }

    /** The dataset's folder name, or what was given when it names no dataset (yet): the run will say why. */
    private String name(String dataset) {
        try {
            return paths.datasetName(dataset);
        } catch (IllegalArgumentException e) {
            return dataset;
        }
    }
}
