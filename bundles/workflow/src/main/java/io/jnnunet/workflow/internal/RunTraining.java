package io.jnnunet.workflow.internal;

import io.jnnunet.api.EvaluationSummary;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.Predictor;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.Trainer;
import io.jnnunet.api.TrainingRequest;
import io.jnnunet.api.TrainingResult;
import io.jnnunet.api.workflow.EvaluationResult;
import io.jnnunet.api.workflow.RunTrainingRequest;
import io.jnnunet.api.workflow.RunTrainingResult;
import io.jnnunet.api.workflow.TrainingWorkflow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * nnU-Net's {@code run_training}: the highest-ranked {@link Trainer} trains the fold (it resolves the {@code -tr}
 * variant itself), then the {@link Predictor} runs the final validation.
 */
@Component(service = TrainingWorkflow.class)
public class RunTraining implements TrainingWorkflow {

    static final String CHECKPOINT_FINAL = "checkpoint_final";
    static final String CHECKPOINT_BEST = "checkpoint_best";

    private final NnunetPaths paths;
    private final Descriptions descriptions;
    private final StageService<Trainer> trainer = new StageService<>(
            "no trainer is installed (feature jnnunet-training)");
    private final StageService<Predictor> predictor = new StageService<>(
            "no predictor is installed (feature jnnunet-inference)");

    @Activate
    public RunTraining(@Reference NnunetPaths paths) {
        this.paths = paths;
        this.descriptions = new Descriptions(paths);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetTrainer")
    public void setTrainer(Trainer service) {
        trainer.set(service);
    }

    public void unsetTrainer(Trainer service) {
        trainer.unset(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetPredictor")
    public void setPredictor(Predictor service) {
        predictor.set(service);
    }

    public void unsetPredictor(Predictor service) {
        predictor.unset(service);
    }

    @Override
    public RunTrainingResult runTraining(RunTrainingRequest request, ProgressListener progress) throws IOException {
        Path preprocessed = paths.preprocessedDataset(request.dataset());
        Path fold = NnunetPaths.foldFolder(paths.modelFolder(request.dataset(), request.modelName()), request.fold());
        progress.message(descriptions.of(request) + " -> " + fold);
        RunTrainingResult.Training training = null;
        if (!request.validationOnly()) {
            TrainingResult result = trainer.require().train(new TrainingRequest(preprocessed, fold,
                    request.trainer(), request.plans(), request.configuration(), request.fold(),
                    request.continueTraining(), request.epochs(), request.iterations(), request.device(),
                    request.trainingSeconds(), request.precision()),
                    progress);
            progress.message(String.format(Locale.ROOT, "%s after %d epochs; best EMA pseudo Dice %.4f, final %.4f:"
                    + " %s", result.finished() ? "Finished" : "Stopped", result.epochsCompleted(),
                    result.bestEmaPseudoDice(), result.finalEmaPseudoDice(), result.outputFolder()));
            training = new RunTrainingResult.Training(result.epochsCompleted(), result.finished(),
                    result.bestEmaPseudoDice(), result.finalEmaPseudoDice());
            if (!result.finished()) {
                return new RunTrainingResult(fold.toString(), training, null);
            }
        }
        Optional<Predictor> validator = predictor.get();
        if (validator.isEmpty()) {
            progress.message("No predictor is installed (feature jnnunet-inference): the final validation is skipped");
            return new RunTrainingResult(fold.toString(), training, null);
        }
        EvaluationSummary summary = validator.get().validate(fold, preprocessed,
                request.validateWithBest() ? CHECKPOINT_BEST : CHECKPOINT_FINAL, request.device(), progress);
        if (summary == null) {
            return new RunTrainingResult(fold.toString(), training, null);
        }
        progress.message(String.format(Locale.ROOT, "Validation of %d cases: mean Dice %s, foreground mean %.4f; %s",
                summary.cases(), summary.mean().entrySet().stream().map(e -> e.getKey() + ": "
                        + String.format(Locale.ROOT, "%.4f", e.getValue().get("Dice"))).toList(),
                summary.foregroundMean().get("Dice"), summary.file()));
        return new RunTrainingResult(fold.toString(), training, EvaluationResult.of(summary));
    }
}
