package io.jnnunet.workflow.internal;

import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.InstanceTuner;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.InstanceRecipeChooser;
import io.jnnunet.api.workflow.InstanceTuningWorkflow;
import io.jnnunet.api.workflow.TuneInstancesRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Tunes a model's instance recipe on its folds' validation predictions against {@code labelsTr_instances}. */
@Component(service = InstanceTuningWorkflow.class)
public class TuneInstances implements InstanceTuningWorkflow {

    static final String REFERENCE_INSTANCES = "labelsTr_instances";
    /** Not fold_all: its validation cases are its own training cases. */
    static final List<String> CROSS_VALIDATION_FOLDS = List.of("0", "1", "2", "3", "4");

    private final NnunetPaths paths;
    private final DatasetReader datasetReader;
    private final InstanceRecipeChooser chooser;
    private final StageService<InstanceTuner> tuner = new StageService<>(
            "no instance tuner is installed (feature jnnunet-postprocessing)");

    @Activate
    public TuneInstances(@Reference NnunetPaths paths, @Reference DatasetReader datasetReader,
            @Reference InstanceRecipeChooser chooser) {
        this.paths = paths;
        this.datasetReader = datasetReader;
        this.chooser = chooser;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetTuner")
    public void setTuner(InstanceTuner service) {
        tuner.set(service);
    }

    public void unsetTuner(InstanceTuner service) {
        tuner.unset(service);
    }

    @Override
    public InstanceTuner.InstanceTuning tuneInstances(TuneInstancesRequest request, ProgressListener progress)
            throws IOException {
        InstanceTuner service = tuner.require();
        Path raw = paths.rawDataset(request.dataset());
        Path model = paths.modelFolder(request.dataset(), request.modelName());
        boolean asked = !request.folds().isEmpty();
        List<Path> validation = new ArrayList<>();
        for (String fold : asked ? request.folds() : CROSS_VALIDATION_FOLDS) {
            Path folder = NnunetPaths.validationFolder(NnunetPaths.foldFolder(model, fold));
            if (Files.isDirectory(folder)) {
                validation.add(folder);
            } else if (asked) {
                throw new IllegalArgumentException("fold " + fold + " has no validation predictions: " + folder
                        + " (nnunet:train ... --val makes them)");
            }
        }
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("no fold of " + model + " has validation predictions; train first");
        }
        Path references = raw.resolve(REFERENCE_INSTANCES);
        if (!Files.isDirectory(references)) {
            throw new IllegalArgumentException(raw + " has no " + REFERENCE_INSTANCES + " to tune against");
        }
        return service.tune(chooser.choose(request.recipe(), model), validation, references,
                datasetReader.readDatasetJson(model), model.resolve(InstanceTuner.FILE_NAME), progress);
    }
}
