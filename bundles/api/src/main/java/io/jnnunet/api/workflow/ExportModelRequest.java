package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.api.ModelExporter;
import io.jnnunet.api.NnunetPaths;
import java.util.List;

/**
 * {@code nnUNetv2_export_model_to_zip} (format {@value ModelExporter#NNUNET}) or a bioimage.io package (format
 * {@value ModelExporter#BIOIMAGEIO}) of a trained model named as nnU-Net names it.
 *
 * @param dataset id, name or raw folder
 * @param plans not given: {@code nnUNetPlans}
 * @param trainer not given: {@code nnUNetTrainer}
 * @param folds empty: every fold that holds the checkpoint
 * @param checkpoint not given: {@code checkpoint_final}
 * @param format a {@link ModelExporter#FORMAT}; not given: {@value ModelExporter#NNUNET}
 * @param output the zip to write
 */
public record ExportModelRequest(
        @JsonProperty("dataset") String dataset,
        @JsonProperty("configuration") String configuration,
        @JsonProperty("plans") String plans,
        @JsonProperty("trainer") String trainer,
        @JsonProperty("folds") List<String> folds,
        @JsonProperty("checkpoint") String checkpoint,
        @JsonProperty("format") String format,
        @JsonProperty("output") String output) {

    public ExportModelRequest {
        Requests.required("dataset", dataset);
        Requests.name("configuration", configuration, null);
        plans = Requests.name("plans", plans, RunTrainingRequest.DEFAULT_PLANS);
        trainer = Requests.name("trainer", trainer, RunTrainingRequest.DEFAULT_TRAINER);
        folds = Requests.folds("folds", folds);
        checkpoint = Requests.name("checkpoint", checkpoint, "checkpoint_final");
        format = Requests.name("format", format, ModelExporter.NNUNET);
        Requests.required("output", output);
    }

    /** The model folder's name, {@code <trainer>__<plans>__<configuration>}. */
    public NnunetPaths.ModelName modelName() {
        return new NnunetPaths.ModelName(trainer, plans, configuration);
    }
}
