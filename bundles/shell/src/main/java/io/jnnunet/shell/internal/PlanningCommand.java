package io.jnnunet.shell.internal;

import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.DatasetVerifier;
import io.jnnunet.api.ExperimentPlanner;
import io.jnnunet.api.Fingerprint;
import io.jnnunet.api.FingerprintExtractor;
import io.jnnunet.api.IntegrityReport;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.Plans;
import io.jnnunet.api.PlanningRequest;
import io.jnnunet.api.Preprocessor;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

/**
 * What nnU-Net's planning entry points share ({@code plan_and_preprocess_api.py}): datasets by id or name, the
 * preprocessed folder, fingerprint, plans and preprocessing, with progress on the console. The stage services are
 * optional references so that the other commands stay available when a stage's bundle is missing.
 */
abstract class PlanningCommand implements Action {

    @Reference
    NnunetPaths paths;

    @Reference
    DatasetReader datasetReader;

    @Reference
    DatasetVerifier verifier;

    @Reference(optional = true)
    FingerprintExtractor fingerprintExtractor;

    @Reference(optional = true)
    Preprocessor preprocessor;

    @Reference
    BundleContext bundleContext;

    @Option(name = "-d", aliases = "--dataset", required = true, multiValued = true,
            description = "datasets: ids (1), names (Dataset001_Cells) or folders")
    @Completion(DatasetCompleter.class)
    List<String> datasets;

    @Option(name = "-np", description = "cases processed at a time (default: number of cores)")
    int workers = Runtime.getRuntime().availableProcessors();

    final NnunetJson json = new NnunetJson();

    /** A dataset's raw and preprocessed folders. */
    record Dataset(String name, Path raw, Path preprocessed) {
        Path fingerprintFile() {
            return preprocessed.resolve(Fingerprint.FILE_NAME);
        }

        Path plansFile(String plansName) {
            return preprocessed.resolve(Plans.fileName(plansName));
        }
    }

    @Override
    public Object execute() throws Exception {
        for (String id : datasets) {
            Path raw = paths.rawDataset(id);
            String name = raw.getFileName().toString();
            run(new Dataset(name, raw, paths.preprocessed().resolve(name)));
        }
        return null;
    }

    abstract void run(Dataset dataset) throws Exception;

    void verify(Dataset dataset) {
        System.out.println("Verifying " + dataset.raw());
        IntegrityReport report = verifier.verify(dataset.raw());
        report.problems().forEach(p -> System.out.println("  " + p));
        if (!report.ok()) {
            throw new IllegalStateException(dataset.name() + ": " + report.errors().size() + " errors in the dataset"
                    + " (see above; nnunet:verify-dataset lists them too); nothing was written");
        }
        System.out.printf("%d cases checked, %d warnings: OK%n", report.casesChecked(), report.warnings().size());
    }

    /** The dataset's fingerprint: the one on disk unless {@code clean}, else newly extracted and written. */
    Fingerprint fingerprint(Dataset dataset, int workers, boolean clean) throws IOException {
        Path file = dataset.fingerprintFile();
        if (Files.exists(file) && !clean) {
            System.out.println("Using the existing fingerprint " + file + " (--clean extracts it again)");
            return json.read(file, Fingerprint.class);
        }
        if (fingerprintExtractor == null) {
            throw new IllegalStateException("no fingerprint extractor is installed (feature jnnunet-fingerprint)");
        }
        long start = System.nanoTime();
        Fingerprint fingerprint = fingerprintExtractor.extract(dataset.raw(), workers,
                new ConsoleProgress(System.out));
        Files.createDirectories(dataset.preprocessed());
        json.write(file, fingerprint);
        datasetReader.writeDatasetJson(datasetReader.readDatasetJson(dataset.raw()), dataset.preprocessed());
        System.out.printf("Fingerprint of %d cases in %s: %s%n", fingerprint.spacings().size(),
                Formats.duration((System.nanoTime() - start) / 1e9), file);
        return fingerprint;
    }

    /**
     * Plans with the named planner and writes the plans file. Configurations of an existing plans file of the same
     * name that this planner does not produce are kept, as nnU-Net keeps custom configurations.
     */
    Plans plan(Dataset dataset, String plannerName, PlanningRequest request) throws Exception {
        Path fingerprintFile = dataset.fingerprintFile();
        if (!Files.exists(fingerprintFile)) {
            throw new IllegalStateException("no fingerprint at " + fingerprintFile
                    + ": run nnunet:extract-fingerprint -d " + dataset.name() + " first");
        }
        Fingerprint fingerprint = json.read(fingerprintFile, Fingerprint.class);
        DatasetSpec spec = datasetReader.readDatasetJson(dataset.raw());
        PlanningRequest full = new PlanningRequest(dataset.name(), spec, fingerprint, request.plansName(),
                request.gpuMemoryTargetGb(), request.overwriteTargetSpacing(), request.budgetMinutes(),
                request.device(), new ConsoleProgress(System.out));
        Plans plans = NamedServices.use(bundleContext, ExperimentPlanner.class, ExperimentPlanner.NAME, plannerName,
                planner -> planner.plan(full));
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
        System.out.println("Plans " + plans.plansName() + " (" + plannerName + ") written to " + file);
        printPlans(plans);
        return plans;
    }

    Path preprocess(Dataset dataset, String plansName, String configuration, int workers) throws IOException {
        if (preprocessor == null) {
            throw new IllegalStateException("no preprocessor is installed (feature jnnunet-preprocessing)");
        }
        Plans plans = readPlans(dataset, plansName);
        long start = System.nanoTime();
        Path folder = preprocessor.preprocessDataset(dataset.raw(), dataset.preprocessed(), plans, configuration,
                workers, new ConsoleProgress(System.out));
        System.out.printf("Preprocessed %s %s in %s: %s%n", dataset.name(), configuration,
                Formats.duration((System.nanoTime() - start) / 1e9), folder);
        return folder;
    }

    /**
     * The configurations to preprocess: those asked for, else nnU-Net's defaults (2d, 3d_fullres, 3d_lowres) that
     * the plans contain.
     */
    List<String> configurationsToRun(Dataset dataset, String plansName, List<String> asked) throws IOException {
        if (asked != null && !asked.isEmpty()) {
            return asked;
        }
        Map<String, ConfigurationPlan> configurations = readPlans(dataset, plansName).configurations();
        return List.of("2d", "3d_fullres", "3d_lowres").stream().filter(configurations::containsKey).toList();
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

    static void printPlans(Plans plans) {
        ShellTable table = new ShellTable();
        table.column("Configuration");
        table.column("Patch");
        table.column("Batch").alignRight();
        table.column("Stages").alignRight();
        table.column("Features");
        table.column("Spacing");
        table.column("Normalisation");
        table.column("Epochs x iterations");
        for (String name : plans.configurations().keySet()) {
            ConfigurationPlan c = plans.configuration(name);
            table.addRow().addContent(name, join(c.patchSize(), " x "), c.batchSize(),
                    c.architecture() == null ? "" : c.architecture().archKwargs().nStages(),
                    c.architecture() == null ? "" : join(c.architecture().archKwargs().featuresPerStage(), ", "),
                    c.spacing() == null ? "" : Arrays.stream(c.spacing()).mapToObj(Formats::number)
                            .collect(Collectors.joining(" x ")),
                    c.normalizationSchemes() == null ? "" : String.join(", ", c.normalizationSchemes()),
                    c.other().containsKey("num_epochs")
                            ? c.other().get("num_epochs") + " x " + c.other().get("num_iterations_per_epoch")
                            : "1000 x 250");
        }
        table.print(System.out);
    }

    private static String join(int[] values, String separator) {
        return values == null ? "" : Arrays.stream(values).mapToObj(Integer::toString)
                .collect(Collectors.joining(separator));
    }
}
