package io.jnnunet.formats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.Plans;
import java.util.List;

/**
 * The {@code checkpoint.json} of a checkpoint: nnU-Net's checkpoint dict without the tensors, which lie in the
 * archive's other entries (see README.md). {@code current_epoch} counts finished epochs, as in nnU-Net.
 *
 * @param format always {@value #FORMAT}
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param numEpochs the epochs the run was planned for when it was saved (a resumed run keeps them unless overridden)
 * @param learningRate the learning rate of the last epoch run
 * @param bestEma nnU-Net's {@code _best_ema}, {@code null} before the first epoch ended
 * @param seed the run's data-loading seed, kept over resumption
 * @param timeBudget a deadline run's time budget and the seconds of it spent; {@code null} for a run of fixed epochs
 * @param parameters the network's tensors in the order of {@code network_weights.bin}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "format_version", "trainer_name", "current_epoch", "num_epochs",
    "num_iterations_per_epoch", "num_val_iterations_per_epoch", "learning_rate", "_best_ema", "seed", "time_budget",
    "optimizer", "network", "inference_allowed_mirroring_axes", "init_args", "logging", "parameters"})
public record CheckpointHeader(
        @JsonProperty("format") String format,
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("trainer_name") String trainerName,
        @JsonProperty("current_epoch") int currentEpoch,
        @JsonProperty("num_epochs") int numEpochs,
        @JsonProperty("num_iterations_per_epoch") int iterationsPerEpoch,
        @JsonProperty("num_val_iterations_per_epoch") int validationIterationsPerEpoch,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("_best_ema") Double bestEma,
        @JsonProperty("seed") long seed,
        @JsonProperty("time_budget") TimeBudget timeBudget,
        @JsonProperty("optimizer") Optimizer optimizer,
        @JsonProperty("network") Network network,
        @JsonProperty("inference_allowed_mirroring_axes") int[] inferenceAllowedMirroringAxes,
        @JsonProperty("init_args") InitArgs initArgs,
        @JsonProperty("logging") TrainingHistory logging,
        @JsonProperty("parameters") List<Tensor> parameters) {

    public static final String FORMAT = "jnnunet-checkpoint";
    public static final int FORMAT_VERSION = 1;

    /**
     * jnnunet's deadline training: the wall-clock seconds the training loop may take and those spent when the
     * checkpoint was written, so that a continued run trains for the time that was left.
     */
    public record TimeBudget(@JsonProperty("training_seconds") double trainingSeconds,
            @JsonProperty("elapsed_seconds") double elapsedSeconds) {
    }

    /** nnU-Net's optimiser settings; the momentum buffers lie in {@code optimizer_momentum.bin}. */
    public record Optimizer(@JsonProperty("name") String name, @JsonProperty("initial_lr") double initialLr,
            @JsonProperty("momentum") double momentum, @JsonProperty("nesterov") boolean nesterov,
            @JsonProperty("weight_decay") double weightDecay) {
    }

    /** The architecture service that built the network and its input and output counts. */
    public record Network(@JsonProperty("architecture") String architecture,
            @JsonProperty("input_channels") int inputChannels, @JsonProperty("num_outputs") int numOutputs) {
    }

    /** nnU-Net's {@code init_args}: what the trainer was made with. */
    public record InitArgs(@JsonProperty("plans") Plans plans, @JsonProperty("configuration") String configuration,
            @JsonProperty("fold") String fold, @JsonProperty("dataset_json") DatasetSpec datasetJson,
            @JsonProperty("device") String device) {
    }

    /**
     * One network tensor: its state-dict key, shape, and whether {@code optimizer_momentum.bin} holds a momentum
     * buffer for it (not before the tensor's first update).
     */
    public record Tensor(@JsonProperty("name") String name, @JsonProperty("shape") long[] shape,
            @JsonProperty("momentum_buffer") boolean momentumBuffer) {

        public long size() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }
    }
}
