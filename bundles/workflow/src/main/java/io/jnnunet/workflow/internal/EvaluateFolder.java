package io.jnnunet.workflow.internal;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.EvaluationRequest;
import io.jnnunet.api.FolderEvaluator;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.EvaluateFolderRequest;
import io.jnnunet.api.workflow.EvaluationResult;
import io.jnnunet.api.workflow.EvaluationWorkflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code nnUNetv2_evaluate_folder}: the dataset.json, the instance references and the summary file found as nnU-Net
 * finds them, the evaluators (picked by name by the folder evaluator) run on every case.
 */
@Component(service = EvaluationWorkflow.class)
public class EvaluateFolder implements EvaluationWorkflow {

    static final String SUMMARY = "summary.json";
    static final String INSTANCES_SUFFIX = "_instances";

    private final StageService<FolderEvaluator> evaluator = new StageService<>(
            "no evaluator is installed (feature jnnunet-evaluation)");
    private final DatasetJsonFiles datasetJsons = new DatasetJsonFiles();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetEvaluator")
    public void setEvaluator(FolderEvaluator service) {
        evaluator.set(service);
    }

    public void unsetEvaluator(FolderEvaluator service) {
        evaluator.unset(service);
    }

    @Override
    public EvaluationResult evaluateFolder(EvaluateFolderRequest request, ProgressListener progress)
            throws IOException {
        FolderEvaluator service = evaluator.require();
        Path ref = Path.of(request.reference()).toAbsolutePath().normalize();
        Path pred = Path.of(request.prediction()).toAbsolutePath().normalize();
        if (request.plansJson() != null && !Files.isRegularFile(Path.of(request.plansJson()))) {
            throw new NoSuchFileException(request.plansJson(), null, "plans file not found");
        }
        // instance predictions carry ids, not the model's labels: the references' dataset.json says what they mean
        DatasetSpec spec = request.instances()
                ? datasetJsons.read(request.datasetJson(), DatasetJsonFiles.beside(ref), DatasetJsonFiles.in(pred))
                : datasetJsons.read(request.datasetJson(), DatasetJsonFiles.in(pred), DatasetJsonFiles.beside(ref));
        Path instanceRefs = request.referenceInstances() == null ? null
                : Path.of(request.referenceInstances()).toAbsolutePath();
        Path sibling = ref.resolveSibling(ref.getFileName() + INSTANCES_SUFFIX);
        if (instanceRefs == null && Files.isDirectory(sibling)) {
            instanceRefs = sibling;
            progress.message("instance references: " + sibling + " (found beside the references)");
        }
        Path summaryFile = request.output() == null ? pred.resolve(SUMMARY) : Path.of(request.output())
                .toAbsolutePath();
        return EvaluationResult.of(service.evaluateFolder(new EvaluationRequest(ref, pred, summaryFile, spec,
                instanceRefs, request.instances(), request.chill(), request.evaluators(), request.workers()),
                progress));
    }
}
