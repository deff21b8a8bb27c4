package io.jnnunet.workflow.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.Fingerprint;
import io.jnnunet.api.Plans;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.PlanAndPreprocessRequest;
import io.jnnunet.api.workflow.PlanAndPreprocessResult;
import io.jnnunet.api.workflow.ProgressLines;
import io.jnnunet.formats.NnunetJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** nnUNetv2_plan_and_preprocess without Karaf: the workflow with the real io, fingerprint, planning, preprocessing. */
public class PlanAndPreprocessTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<String> lines = new ArrayList<>();
    private final ProgressListener progress = new ProgressLines(lines::add);

    private static PlanAndPreprocessRequest request(boolean fingerprint, boolean plan, boolean preprocess,
            boolean verify, String planner) {
        return new PlanAndPreprocessRequest(List.of("1"), fingerprint, plan, preprocess, verify, false, planner,
                null, null, null, null, null, null, 2, null);
    }

    @Test
    public void writesFingerprintPlansAndPreprocessedCasesOfTheSampleDataset() throws Exception {
        RealStages stages = new RealStages(tmp.getRoot().toPath());

        PlanAndPreprocessResult result = stages.planning().planAndPreprocess(request(true, true, true, true, null),
                progress);

        Path preprocessed = stages.paths.preprocessed().resolve("Dataset001_Cells");
        PlanAndPreprocessResult.Dataset dataset = result.datasets().get(0);
        assertEquals("Dataset001_Cells", dataset.name());
        assertEquals(preprocessed.resolve(Fingerprint.FILE_NAME).toString(), dataset.fingerprintFile());
        assertEquals(preprocessed.resolve("nnUNetPlans.json").toString(), dataset.plansFile());
        assertEquals(Map.of("2d", preprocessed.resolve("nnUNetPlans_2d").toString()), dataset.preprocessedFolders());
        assertEquals(10, new NnunetJson().read(preprocessed.resolve(Fingerprint.FILE_NAME), Fingerprint.class)
                .spacings().size());
        Plans plans = new NnunetJson().read(preprocessed.resolve("nnUNetPlans.json"), Plans.class);
        assertEquals(List.of("2d"), List.copyOf(plans.configurations().keySet()));
        assertEquals(List.copyOf(plans.configurations().keySet()),
                List.copyOf(dataset.plans().configurations().keySet()));
        assertTrue(Files.isRegularFile(preprocessed.resolve(DatasetReader.DATASET_JSON)));
        try (Stream<Path> files = Files.list(preprocessed.resolve("nnUNetPlans_2d"))) {
            assertEquals(30, files.count());
        }
        assertTrue(lines.toString(), lines.contains("10 cases checked, 0 warnings: OK"));
        assertTrue(lines.toString(), lines.contains("Plans nnUNetPlans (ExperimentPlanner) written to "
                + preprocessed.resolve("nnUNetPlans.json")));
        assertTrue(lines.toString(), lines.stream()
                .anyMatch(l -> l.startsWith("Preprocessed Dataset001_Cells 2d in ")));
    }

    @Test
    public void planningAgainUsesTheFingerprintOnDiskAndKeepsCustomConfigurations() throws Exception {
        RealStages stages = new RealStages(tmp.getRoot().toPath());
        PlanAndPreprocess workflow = stages.planning();
        workflow.planAndPreprocess(request(true, true, false, false, null), progress);
        Path plansFile = stages.paths.preprocessed().resolve("Dataset001_Cells/nnUNetPlans.json");
        NnunetJson json = new NnunetJson();
        Plans plans = json.read(plansFile, Plans.class);
        var configurations = new LinkedHashMap<>(plans.configurations());
        configurations.put("2d_custom", plans.configuration("2d"));
        json.write(plansFile, new Plans(plans.datasetName(), plans.plansName(),
                plans.originalMedianSpacingAfterTransp(), plans.originalMedianShapeAfterTransp(),
                plans.imageReaderWriter(), plans.transposeForward(), plans.transposeBackward(), configurations,
                plans.experimentPlannerUsed(), plans.labelManager(), plans.foregroundIntensityPropertiesPerChannel(),
                plans.other()));
        lines.clear();

        PlanAndPreprocessResult.Dataset again = workflow.planAndPreprocess(request(true, true, false, false, null),
                progress).datasets().get(0);

        assertTrue(lines.toString(), lines.get(0).startsWith("Using the existing fingerprint "));
        assertEquals(List.of("2d", "2d_custom"), List.copyOf(json.read(plansFile, Plans.class).configurations()
                .keySet()));
        assertEquals(Map.of(), again.preprocessedFolders());
    }

    @Test
    public void saysWhatIsMissing() {
        RealStages stages = new RealStages(tmp.getRoot().toPath());

        IllegalStateException noFingerprint = assertThrows(IllegalStateException.class,
                () -> stages.planning().planAndPreprocess(request(false, true, false, false, null), progress));
        assertTrue(noFingerprint.getMessage(), noFingerprint.getMessage().contains("nnunet:extract-fingerprint -d"
                + " Dataset001_Cells"));

        IllegalStateException noPlans = assertThrows(IllegalStateException.class,
                () -> stages.planning().planAndPreprocess(request(false, false, true, false, null), progress));
        assertTrue(noPlans.getMessage(), noPlans.getMessage().contains("nnunet:plan -d Dataset001_Cells"));

        PlanAndPreprocess withoutStages = new PlanAndPreprocess(stages.paths, stages.reader,
                folder -> { throw new AssertionError("not asked to verify"); });
        IllegalStateException noExtractor = assertThrows(IllegalStateException.class,
                () -> withoutStages.planAndPreprocess(request(true, false, false, false, null), progress));
        assertEquals("no fingerprint extractor is installed (feature jnnunet-fingerprint)", noExtractor.getMessage());
    }

    @Test
    public void aPlannerIsPickedByNameAndAnUnknownOneIsNamed() throws Exception {
        RealStages stages = new RealStages(tmp.getRoot().toPath());
        PlanAndPreprocess workflow = stages.planning();
        workflow.planAndPreprocess(request(true, false, false, false, null), progress);

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> workflow.planAndPreprocess(request(false, true, false, false, "LabPlanner"), progress));

        assertEquals("no planner 'LabPlanner' is installed; installed: [ExperimentPlanner]",
                unknown.getMessage());
        assertNull(workflow.planAndPreprocess(request(true, false, false, false, null), progress).datasets().get(0)
                .plansFile());
    }
}
