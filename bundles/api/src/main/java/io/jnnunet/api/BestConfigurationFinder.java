package io.jnnunet.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * nnU-Net's {@code nnUNetv2_find_best_configuration} (without ensembles for now): merges each trained model's fold
 * validations into {@code crossval_results_folds_...}, evaluates them, picks the model with the highest
 * foreground-mean Dice, decides its postprocessing and writes {@code inference_information.json} and
 * {@code inference_instructions.txt} into the dataset's results folder.
 */
public interface BestConfigurationFinder {

    /**
     * What to compare: every trainer x plans x configuration whose model folder exists, on the given folds.
     *
     * @param dataset the dataset's name ({@code Dataset001_Cells}) or id ({@code 1})
     * @param workers cases processed at a time
     */
    record Request(String dataset, List<String> configurations, List<String> plans, List<String> trainers,
            List<Integer> folds, int workers) {

        public Request {
            configurations = List.copyOf(configurations);
            plans = List.copyOf(plans);
            trainers = List.copyOf(trainers);
            folds = List.copyOf(folds);
        }
    }

    /**
     * One model's cross-validation result.
     *
     * @param folds the folds whose validation was found and merged
     * @param crossvalFolder the merged predictions and their {@code summary.json}
     * @param foregroundDice the foreground-mean Dice, nnU-Net's score
     */
    record Candidate(String trainer, String plans, String configuration, List<Integer> folds, Path crossvalFolder,
            double foregroundDice) {

        /** nnU-Net's model identifier, the model folder's name: {@code trainer__plans__configuration}. */
        public String identifier() {
            return trainer + "__" + plans + "__" + configuration;
        }
    }

    /**
     * @param candidates the models compared, in the order tried
     * @param best the winner (ties go to the first)
     * @param notes what was skipped and why (missing models, folds without validation), for the user to read
     */
    record Result(Path resultsFolder, List<Candidate> candidates, Candidate best, Path postprocessingJson,
            Path inferenceInformation, Path inferenceInstructions, List<String> notes) {
    }

    /**
     * @throws IOException naming the folder when no requested model has a validated fold, or a fold's files clash
     */
    Result find(Request request, ProgressListener progress) throws IOException;
}
