package io.jnnunet.workflow.internal;

import io.jnnunet.api.Durations;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.DatasetVerifier;
import io.jnnunet.api.ExperimentPlanner;
import io.jnnunet.api.Fingerprint;
import io.jnnunet.api.FingerprintExtractor;
import io.jnnunet.api.IntegrityReport;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.PlanningRequest;
import io.jnnunet.api.Plans;
import io.jnnunet.api.Preprocessor;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.PlanAndPreprocessRequest;
import io.jnnunet.api.workflow.PlanAndPreprocessResult;
import io.jnnunet.api.workflow.PlanningWorkflow;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * nnU-Net's {@code plan_and_preprocess_api.py}: integrity check, fingerprint, plans and preprocessing of each dataset.
 * The fingerprint extractor, the planners and the preprocessor are dynamic references, so the other steps stay
 * available when a stage's bundle is missing and a planner installed at runtime is used by the next run.
 */
@Component(service = PlanningWorkflow.class)
public class PlanAndPreprocess implements PlanningWorkflow {

    private final NnunetPaths paths;
    private final DatasetReader datasetReader;
    private final DatasetVerifier verifier;
    private final StageService<FingerprintExtractor> fingerprintExtractor = new StageService<>(
            "no fingerprint extractor is installed (feature jnnunet-fingerprint)");
    private final StageService<Preprocessor> preprocessor = new StageService<>(
            "no preprocessor is installed (feature jnnunet-preprocessing)");
    private final NamedServices<ExperimentPlanner> planners = new NamedServices<>("planner", ExperimentPlanner.NAME,
            ExperimentPlanner::name);
    private final NnunetJson json = new NnunetJson();

    @Activate
    public PlanAndPreprocess(@Reference NnunetPaths paths, @Reference DatasetReader datasetReader,
            @Reference DatasetVerifier verifier) {
        this.paths = paths;
        this.datasetReader = datasetReader;
        this.verifier = verifier;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetFingerprintExtractor")
    public void setFingerprintExtractor(FingerprintExtractor extractor) {
        fingerprintExtractor.set(extractor);
    }

    public void unsetFingerprintExtractor(FingerprintExtractor extractor) {
        fingerprintExtractor.unset(extractor);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetPreprocessor")
    public void setPreprocessor(Preprocessor service) {
        preprocessor.set(service);
    }

    public void unsetPreprocessor(Preprocessor service) {
        preprocessor.unset(service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removePlanner")
    public void addPlanner(ExperimentPlanner planner, Map<String, Object> properties) {
        planners.add(planner, properties);
    }

    public void removePlanner(ExperimentPlanner planner) {
        planners.remove(planner);
    }

    /** A dataset's raw and preprocessed folders. */
    private record Dataset(String name, Path raw, Path preprocessed) {
        Path fingerprintFile() {
            return preprocessed.resolve(Fingerprint.FILE_NAME);
        }

        Path plansFile(String plansName) {
            return preprocessed.resolve(Plans.fileName(plansName));
        }
    }

    @Override
    public PlanAndPreprocessResult planAndPreprocess(PlanAndPreprocessRequest request, ProgressListener progress)
            throws IOException {
        List<PlanAndPreprocessResult.Dataset> done = new ArrayList<>();
        for (String id : request.datasets()) {
            Path raw = paths.rawDataset(id);
            done.add(run(new Dataset(raw.getFileName().toString(), raw, paths.preprocessedDataset(id)), request,
                    progress));
        }
        return new PlanAndPreprocessResult(done);
    }

    private PlanAndPreprocessResult.Dataset run(Dataset dataset, PlanAndPreprocessRequest request,
            ProgressListener progress) throws IOException {
        int workers = Workers.orCores(request.workers());
        if (request.verifyDatasetIntegrity()) {
            verify(dataset, progress);
        }
        Path fingerprintFile = null;
        if (request.extractFingerprint()) {
            stopIfCancelled(progress);
            fingerprint(dataset, workers, request.clean(), progress);
            fingerprintFile = dataset.fingerprintFile();
        }
        Plans plans = null;
        if (request.plan()) {
            stopIfCancelled(progress);
            plans = plan(dataset, request, progress);
            fingerprintFile = dataset.fingerprintFile();
        }
        Map<String, String> preprocessed = new LinkedHashMap<>();
        if (request.preprocess()) {
            String plansName = plans != null ? plans.plansName()
                    : request.plansName() != null ? request.plansName() : PlanAndPreprocessRequest.DEFAULT_PLANS;
            Plans toRun = plans != null ? plans : readPlans(dataset, plansName);
            for (String configuration : configurationsToRun(toRun, request.configurations())) {
                stopIfCancelled(progress);
                preprocessed.put(configuration, preprocess(dataset, toRun, configuration, workers, progress)
                        .toString());
            }
        }
        return new PlanAndPreprocessResult.Dataset(dataset.name(), dataset.raw().toString(),
                dataset.preprocessed().toString(), fingerprintFile == null ? null : fingerprintFile.toString(),
                plans == null ? null : dataset.plansFile(plans.plansName()).toString(), plans, preprocessed);
    }

    private void verify(Dataset dataset, ProgressListener progress) {
        progress.message("Verifying " + dataset.raw());
        IntegrityReport report = verifier.verify(dataset.raw());
        report.problems().forEach(p -> progress.message("  " + p));
        if (!report.ok()) {
            throw new IllegalStateException(dataset.name() + ": " + report.errors().size() + " errors in the dataset"
                    + " (see above; nnunet:verify-dataset lists them too); nothing was written");
        }
        progress.message(String.format("%d cases checked, %d warnings: OK", report.casesChecked(),
                report.warnings().size()));
    }

    /** The dataset's fingerprint: the one on disk unless {@code clean}, else newly extracted and written. */
    private void fingerprint(Dataset dataset, int workers, boolean clean, ProgressListener progress)
            throws IOException {
        Path file = dataset.fingerprintFile();
        if (Files.exists(file) && !clean) {
            progress.message("Using the existing fingerprint " + file + " (--clean extracts it again)");
            return;
        }
        FingerprintExtractor extractor = fingerprintExtractor.require();
        long start = System.nanoTime();
        Fingerprint fingerprint = extractor.extract(dataset.raw(), workers, progress);
        Files.createDirectories(dataset.preprocessed());
        json.write(file, fingerprint);
        datasetReader.writeDatasetJson(datasetReader.readDatasetJson(dataset.raw()), dataset.preprocessed());
        progress.message(String.format("Fingerprint of %d cases in %s: %s", fingerprint.spacings().size(),
                Durations.format((System.nanoTime() - start) / 1e9), file));
    }

    /**
     * Plans with the named planner and writes the plans file. Configurations of an existing plans file of the same
     * name that this planner does not produce are kept, as nnU-Net keeps custom configurations.
     */
    private Plans plan(Dataset dataset, PlanAndPreprocessRequest request, ProgressListener progress)
            throws IOException {
        Path fingerprintFile = dataset.fingerprintFile();
        if (!Files.exists(fingerprintFile)) {
            throw new IllegalStateException("no fingerprint at " + fingerprintFile
                    + ": run nnunet:extract-fingerprint -d " + dataset.name() + " first");
        }
        Fingerprint fingerprint = json.read(fingerprintFile, Fingerprint.class);
        DatasetSpec spec = datasetReader.readDatasetJson(dataset.raw());
        double[] spacing = request.overwriteTargetSpacing().isEmpty() ? null
                : request.overwriteTargetSpacing().stream().mapToDouble(Double::doubleValue).toArray();
        ExperimentPlanner planner = planners.require(request.planner());
        Plans plans = planner.plan(new PlanningRequest(dataset.name(), spec, fingerprint, request.plansName(),
                request.gpuMemoryTargetGb(), spacing, request.budgetMinutes(), request.device(), request.precision(),
                progress));
        Path file = dataset.plansFile(plans.plansName());
        if (Files.exists(file)) {
            Plans existing = json.read(file, Plans.class);
            Map<String, ConfigurationPlan> merged = new LinkedHashMap<>(existing.configurations());
            merged.putAll(plans.configurations());
            plans = new Plans(plans.datasetName(), plans.plansName(), plans.originalMedianSpacingAfterTransp(),
                    plans.originalMedianShapeAfterTransp(), plans.imageReaderWriter(), plans.transposeForward(),
                    plans.transposeBackward(), merged, plans.experimentPlannerUsed(), plans.labelManager(),
                    plans.foregroundIntensityPropertiesPerChannel(), plans.other());
        }
        Files.createDirectories(dataset.preprocessed());
        json.write(file, plans);
        progress.message("Plans " + plans.plansName() + " (" + request.planner() + ") written to " + file);
        return plans;
    }

    private Path preprocess(Dataset dataset, Plans plans, String configuration, int workers,
            ProgressListener progress) throws IOException {
        Preprocessor service = preprocessor.require();
        long start = System.nanoTime();
        Path folder = service.preprocessDataset(dataset.raw(), dataset.preprocessed(), plans, configuration,
                workers, progress);
        progress.message(String.format("Preprocessed %s %s in %s: %s", dataset.name(), configuration,
                Durations.format((System.nanoTime() - start) / 1e9), folder));
        return folder;
    }

    /** The configurations asked for, else nnU-Net's defaults that the plans contain. */
    private static List<String> configurationsToRun(Plans plans, List<String> asked) {
        if (!asked.isEmpty()) {
            return asked;
        }
        return PlanAndPreprocessRequest.DEFAULT_CONFIGURATIONS.stream()
                .filter(plans.configurations()::containsKey).toList();
    }

    /** A plans file of the dataset, or an error that says which command writes it. */
    private Plans readPlans(Dataset dataset, String plansName) throws IOException {
        Path file = dataset.plansFile(plansName);
        if (!Files.exists(file)) {
            throw new IllegalStateException("no plans at " + file + ": run nnunet:plan -d " + dataset.name()
                    + " first");
        }
        return json.read(file, Plans.class);
    }

    private static void stopIfCancelled(ProgressListener progress) {
        if (progress.cancelled()) {
            throw new CancellationException("cancelled");
        }
    }
}
