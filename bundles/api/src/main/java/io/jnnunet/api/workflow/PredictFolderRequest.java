package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.ObjectScale;
import java.util.List;

/**
 * One {@code nnUNetv2_predict} run, with its flags.
 *
 * @param input folder of images {@code {case}_{XXXX}{ending}}
 * @param output folder for the predictions (created)
 * @param dataset id, name or raw folder of the model's dataset
 * @param plans not given: {@code nnUNetPlans}
 * @param trainer not given: {@code nnUNetTrainer}
 * @param folds {@code 0} .. {@code 4} or {@code all}; empty: every fold with the checkpoint
 * @param checkpoint not given: {@code checkpoint_final}
 * @param saveProbabilities also write {@code {case}.npz} and {@code {case}.json}
 * @param mirroring test-time augmentation by mirroring (not given: true; nnU-Net's {@code --disable_tta} is false)
 * @param stepSize sliding-window step as a fraction of the patch, in (0, 1] (not given: 0.5)
 * @param device {@code cpu}, {@code gpu}, {@code gpu:N}, {@code auto}, or {@code null} for the configured default
 * @param instances an instance recipe's name, {@code auto} ({@link InstanceRecipeChooser}), or {@code null} for the
 *     semantic mask
 * @param continuePrediction skip cases whose output exists
 * @param workers cases read and written at a time beside the network (not given: 2)
 * @param objectDiameter the objects' diameter in the input images in pixels, or {@code auto} to measure it per image
 *     on a first pass: 2-D images are zoomed so that their objects have the training median diameter
 *     ({@link io.jnnunet.api.ObjectScale}); not given: native scale
 * @param cases the ids of the cases of the input folder to predict, a batch of them; not given: every case
 * @param precision the network's arithmetic: {@code fp32}, or {@code bf16} (mixed precision where the device computes
 *     bfloat16 natively, else fp32); {@code null} for the model's plans' {@code precision}, else fp32
 */
public record PredictFolderRequest(
        @JsonProperty("input") String input,
        @JsonProperty("output") String output,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("configuration") String configuration,
        @JsonProperty("plans") String plans,
        @JsonProperty("trainer") String trainer,
        @JsonProperty("folds") List<String> folds,
        @JsonProperty("checkpoint") String checkpoint,
        @JsonProperty("save_probabilities") boolean saveProbabilities,
        @JsonProperty("mirroring") Boolean mirroring,
        @JsonProperty("step_size") Double stepSize,
        @JsonProperty("device") String device,
        @JsonProperty("instances") String instances,
        @JsonProperty("continue_prediction") boolean continuePrediction,
        @JsonProperty("workers") Integer workers,
        @JsonProperty("object_diameter") String objectDiameter,
        @JsonProperty("cases") List<String> cases,
        @JsonProperty("precision") String precision) {

    public static final String DEFAULT_CHECKPOINT = "checkpoint_final";

    public PredictFolderRequest {
        Requests.required("input", input);
        Requests.required("output", output);
        Requests.required("dataset", dataset);
        Requests.name("configuration", configuration, null);
        plans = Requests.name("plans", plans, RunTrainingRequest.DEFAULT_PLANS);
        trainer = Requests.name("trainer", trainer, RunTrainingRequest.DEFAULT_TRAINER);
        folds = Requests.folds("folds", folds);
        checkpoint = Requests.name("checkpoint", checkpoint, DEFAULT_CHECKPOINT);
        mirroring = mirroring == null || mirroring;
        stepSize = stepSize == null ? 0.5 : stepSize;
        if (!(stepSize > 0 && stepSize <= 1)) {
            throw new IllegalArgumentException("step_size must be in (0, 1], got " + stepSize);
        }
        if (instances != null) {
            Requests.required("instances", instances);
        }
        workers = Requests.positive("workers", workers, 2);
        precision = Requests.precision("precision", precision);
        if (objectDiameter != null) {
            ObjectScale.parseDiameter(objectDiameter);
        }
        if (cases != null) {
            if (cases.isEmpty()) {
                throw new IllegalArgumentException("cases must name at least one case, or be left out for all");
            }
            cases.forEach(id -> Requests.required("cases", id));
            cases = List.copyOf(cases);
        }
    }

    /** The same prediction with {@code --continue_prediction}: the cases whose output exists are skipped. */
    public PredictFolderRequest continued() {
        return new PredictFolderRequest(input, output, dataset, configuration, plans, trainer, folds, checkpoint,
                saveProbabilities, mirroring, stepSize, device, instances, true, workers, objectDiameter, cases,
                precision);
    }

    /** The same prediction of these cases only. */
    public PredictFolderRequest batch(List<String> batch) {
        return new PredictFolderRequest(input, output, dataset, configuration, plans, trainer, folds, checkpoint,
                saveProbabilities, mirroring, stepSize, device, instances, continuePrediction, workers, objectDiameter,
                batch, precision);
    }

    /** The model folder's name, {@code <trainer>__<plans>__<configuration>}. */
    public NnunetPaths.ModelName modelName() {
        return new NnunetPaths.ModelName(trainer, plans, configuration);
    }
}
