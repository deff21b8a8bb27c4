package io.jnnunet.workflow.internal;

import io.jnnunet.api.Durations;
import io.jnnunet.api.Fingerprint;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.ObjectScale;
import io.jnnunet.api.PredictionRequest;
import io.jnnunet.api.PredictionResult;
import io.jnnunet.api.Predictor;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SingleImageOptions;
import io.jnnunet.api.workflow.InstanceRecipeChooser;
import io.jnnunet.api.workflow.PredictFolderRequest;
import io.jnnunet.api.workflow.PredictFolderResult;
import io.jnnunet.api.workflow.PredictionWorkflow;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code nnUNetv2_predict} with a model named as nnU-Net names it, the recipe {@code auto} resolved. */
@Component(service = PredictionWorkflow.class)
public class PredictFolder implements PredictionWorkflow {

    private final NnunetPaths paths;
    private final NnunetJson json = new NnunetJson();
    private final InstanceRecipeChooser chooser;
    private final StageService<Predictor> predictor = new StageService<>(
            "no predictor is installed (feature jnnunet-inference)");

    @Activate
    public PredictFolder(@Reference NnunetPaths paths, @Reference InstanceRecipeChooser chooser) {
        this.paths = paths;
        this.chooser = chooser;
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
    public PredictFolderResult predictFolder(PredictFolderRequest request, ProgressListener progress)
            throws IOException {
        Predictor service = predictor.require();
        Path model = paths.modelFolder(request.dataset(), request.modelName());
        SingleImageOptions options = singleImageOptions(request.dataset(), request.modelName(), request.instances(),
                request.objectDiameter(), request.mirroring(), request.stepSize());
        String recipe = options.instanceRecipe();
        PredictionResult result = service.predict(new PredictionRequest(Path.of(request.input()).toAbsolutePath(),
                Path.of(request.output()).toAbsolutePath(), model, request.folds(), request.checkpoint(),
                request.saveProbabilities(), options.mirroring(), options.stepSize(), request.device(), recipe,
                request.continuePrediction(), request.workers(), options.objectScale(), request.cases(),
                request.precision()), progress);
        progress.message(String.format(Locale.ROOT, "Wrote %d file(s) to %s in %s%s", result.written().size(),
                result.output(), Durations.format(result.seconds()), result.skipped() > 0 ? " ("
                        + result.skipped() + " case(s) skipped)" : ""));
        return new PredictFolderResult(result.output().toString(), result.written().stream().map(Path::toString)
                .toList(), result.skipped(), result.seconds(), recipe);
    }

    @Override
    public List<String> cases(PredictFolderRequest request) throws IOException {
        List<String> found = predictor.require().cases(Path.of(request.input()).toAbsolutePath(),
                paths.modelFolder(request.dataset(), request.modelName()));
        if (request.cases() == null) {
            return found;
        }
        List<String> missing = request.cases().stream().filter(id -> !found.contains(id)).toList();
        if (!missing.isEmpty()) {
            throw new IOException("cases " + missing + " are not in " + request.input());
        }
        return request.cases().stream().sorted().distinct().toList();
    }

    @Override
    public SingleImageOptions singleImageOptions(String dataset, NnunetPaths.ModelName modelName, String instances,
            String objectDiameter, boolean mirroring, double stepSize) throws IOException {
        Path model = paths.modelFolder(dataset, modelName);
        String recipe = instances == null ? null : chooser.choose(instances, model);
        ObjectScale scale = objectDiameter == null ? null : new ObjectScale(ObjectScale.parseDiameter(objectDiameter),
                trainingDiameter(model, paths.preprocessedDataset(dataset)),
                recipe != null ? recipe : chooser.choose(InstanceRecipeChooser.AUTO, model));
        return new SingleImageOptions(mirroring, recipe, stepSize, scale);
    }

    /**
     * The training cases' median object diameter: from the fingerprint the trainer copied into the model folder,
     * else (a model trained before fingerprints had it, the fingerprint extracted again since) from the
     * preprocessed dataset's.
     */
    private double trainingDiameter(Path model, Path preprocessed) throws IOException {
        List<Path> files = List.of(model.resolve(Fingerprint.FILE_NAME), preprocessed.resolve(Fingerprint.FILE_NAME));
        for (Path file : files) {
            if (Files.isRegularFile(file)) {
                Double diameter = json.read(file, Fingerprint.class).medianObjectDiameter();
                if (diameter != null) {
                    return diameter;
                }
            }
        }
        throw new IOException("--object-diameter needs the training data's median object diameter, which neither "
                + files.get(0) + " nor " + files.get(1) + " records: it is measured for 2-D datasets with instance"
                + " labels (labelsTr_instances); run nnunet:extract-fingerprint on the dataset with them");
    }
}
