package io.jnnunet.postprocessing.internal.decision;

import static io.jnnunet.postprocessing.internal.decision.NnunetPostprocessingServiceTest.labels;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.BestConfigurationFinder;
import io.jnnunet.api.BestConfigurationFinder.Candidate;
import io.jnnunet.api.BestConfigurationFinder.Request;
import io.jnnunet.api.BestConfigurationFinder.Result;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SampleType;
import io.jnnunet.evaluation.internal.NnunetFolderEvaluator;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.NnunetDatasetReader;
import io.jnnunet.io.internal.PngImageIo;
import io.jnnunet.postprocessing.internal.LargestComponentPostprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NnunetBestConfigurationFinderTest {

    static final String NAME = "Dataset001_Cells";
    static final int[][] ORGANS = {{1, 2, 7, 2, 7}, {1, 10, 13, 10, 13}, {1, 0, 4, 0, 4}, {1, 15, 20, 15, 18}};
    static final String[] CASES = {"a", "b", "c", "d"};

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path root;
    private Path results;
    private BestConfigurationFinder finder;
    private final PngImageIo png = new PngImageIo();

    @Before
    public void setUp() throws IOException {
        root = tmp.getRoot().toPath();
        results = root.resolve("results").resolve(NAME);
        Files.createDirectories(results);
        ImageIoRegistryComponent registry = ImageIoRegistryComponent.of(png);
        NnunetFolderEvaluator evaluator = NnunetFolderEvaluator.withBuiltInEvaluators(registry);
        NnunetDatasetReader reader = new NnunetDatasetReader();
        finder = new NnunetBestConfigurationFinder(paths(root), reader, evaluator,
                new NnunetPostprocessingService(evaluator, registry, List.of(new LargestComponentPostprocessor())));
        Path raw = root.resolve("raw").resolve(NAME);
        reader.writeDatasetJson(NnunetPostprocessingServiceTest.dataset("nucleus"), raw);
        for (int i = 0; i < CASES.length; i++) {
            write(raw.resolve("labelsTr").resolve(CASES[i] + ".png"), labels(ORGANS[i]));
        }
    }

    @Test
    public void picksTheBestValidatedModelAndDecidesItsPostprocessing() throws IOException {
        // 2d: perfect but for a speck in case a; 3d_fullres predicts nothing
        Path model2d = results.resolve("nnUNetTrainer__nnUNetPlans__2d");
        Files.writeString(Files.createDirectories(model2d).resolve("plans.json"), "{\"plans_name\": \"nnUNetPlans\"}");
        for (int i = 0; i < CASES.length; i++) {
            float[] predicted = labels(ORGANS[i]);
            if (i == 0) {
                predicted[23 * 24 + 23] = 1;
            }
            write(model2d.resolve("fold_" + i / 2 + "/validation/" + CASES[i] + ".png"), predicted);
            write(results.resolve("nnUNetTrainer__nnUNetPlans__3d_fullres/fold_" + i / 2 + "/validation/" + CASES[i]
                    + ".png"), labels());
        }

        Result result = finder.find(new Request("1", List.of("2d", "3d_fullres", "3d_lowres"),
                List.of("nnUNetPlans"), List.of("nnUNetTrainer"), List.of(0, 1, 2), 2), ProgressListener.NONE);

        assertEquals(List.of("nnUNetTrainer__nnUNetPlans__2d", "nnUNetTrainer__nnUNetPlans__3d_fullres"),
                result.candidates().stream().map(Candidate::identifier).toList());
        // case a: TP 36, FP 1
        assertEquals((72.0 / 73 + 3) / 4, result.candidates().get(0).foregroundDice(), 1e-12);
        assertEquals(0.0, result.candidates().get(1).foregroundDice(), 0);
        Candidate best = result.best();
        assertEquals("2d", best.configuration());
        assertEquals(List.of(0, 1), best.folds());
        Path merged = model2d.resolve("crossval_results_folds_0_1");
        assertEquals(merged, best.crossvalFolder());
        assertEquals(List.of("a.png", "b.png", "c.png", "d.png", "dataset.json", "plans.json", "postprocessed",
                "postprocessing.json", "summary.json"), NnunetPostprocessingServiceTest.list(merged));
        assertEquals(List.of(
                "nnUNetTrainer__nnUNetPlans__2d: fold 2 has no " + model2d.resolve("fold_2/validation") + ", skipped",
                "nnUNetTrainer__nnUNetPlans__3d_fullres: fold 2 has no "
                        + results.resolve("nnUNetTrainer__nnUNetPlans__3d_fullres/fold_2/validation") + ", skipped",
                "nnUNetTrainer__nnUNetPlans__3d_lowres: not trained (no "
                        + results.resolve("nnUNetTrainer__nnUNetPlans__3d_lowres") + "), skipped"), result.notes());

        assertEquals(merged.resolve("postprocessing.json"), result.postprocessingJson());
        JsonNode decision = NnunetPostprocessingServiceTest.json(result.postprocessingJson());
        assertEquals(1.0, decision.at("/postprocessed/foreground_mean/Dice").asDouble(), 0);
        assertEquals("[{\"labels_or_regions\":[1]}]", decision.get("postprocessing_kwargs").toString());

        JsonNode info = NnunetPostprocessingServiceTest.json(results.resolve("inference_information.json"));
        assertEquals("[0,1]", info.get("folds").toString());
        assertEquals(NAME, info.get("dataset_name_or_id").asText());
        assertEquals(3, info.get("considered_models").size());
        assertEquals(0.0, info.at("/all_results/nnUNetTrainer__nnUNetPlans__3d_fullres").asDouble(), 0);
        assertEquals("[{\"configuration\":\"2d\",\"trainer\":\"nnUNetTrainer\",\"plans_identifier\":\"nnUNetPlans\"}]",
                info.at("/best_model_or_ensemble/selected_model_or_models").toString());
        assertEquals(merged.resolve("plans.json").toString(), info.at("/best_model_or_ensemble/some_plans_file")
                .asText());
        assertEquals("***Run inference like this:***\n\n"
                + "nnunet:predict -d Dataset001_Cells -i INPUT_FOLDER -o OUTPUT_FOLDER -f 0 -f 1 -tr nnUNetTrainer"
                + " -c 2d -p nnUNetPlans\n\n"
                + "***Once inference is completed, run postprocessing like this:***\n\n"
                + "nnunet:apply-postprocessing -i OUTPUT_FOLDER -o OUTPUT_FOLDER_PP -pp_json "
                + merged.resolve("postprocessing.json") + " -djfile " + merged.resolve("dataset.json") + "\n",
                Files.readString(results.resolve("inference_instructions.txt")));
    }

    @Test
    public void failsNamingTheResultsFolderWhenNothingIsValidated() throws IOException {
        Files.createDirectories(results.resolve("nnUNetTrainer__nnUNetPlans__2d/fold_0"));

        IOException e = assertThrows(IOException.class, () -> finder.find(new Request(NAME, List.of("2d"),
                List.of("nnUNetPlans"), List.of("nnUNetTrainer"), List.of(0), 1), ProgressListener.NONE));

        assertTrue(e.getMessage(), e.getMessage().startsWith("no trained model of " + NAME
                + " has a validated fold in " + results));
        assertTrue(e.getMessage(), e.getMessage().contains("fold 0 has no "
                + results.resolve("nnUNetTrainer__nnUNetPlans__2d/fold_0/validation")));
    }

    @Test
    public void refusesACaseValidatedByTwoFolds() throws IOException {
        Path model = results.resolve("nnUNetTrainer__nnUNetPlans__2d");
        write(model.resolve("fold_0/validation/a.png"), labels(ORGANS[0]));
        write(model.resolve("fold_1/validation/a.png"), labels(ORGANS[0]));

        IOException e = assertThrows(IOException.class, () -> finder.find(new Request(NAME, List.of("2d"),
                List.of("nnUNetPlans"), List.of("nnUNetTrainer"), List.of(0, 1), 1), ProgressListener.NONE));

        assertEquals(model + ": a.png is in the validation of fold 0 and of fold 1; each case must be validated by"
                + " one fold only", e.getMessage());
    }

    private void write(Path file, float[] labels) throws IOException {
        Files.createDirectories(file.getParent());
        png.write(ImageVolume.of(new int[] {1, 24, 24}, new double[] {999, 1, 1}, SampleType.UINT8, labels), file);
    }

    /** The three nnU-Net folders under one root; datasets resolve by name or id in the raw folder. */
    private static NnunetPaths paths(Path root) {
        return new NnunetPaths() {
            @Override
            public Path raw() {
                return root.resolve("raw");
            }

            @Override
            public Path preprocessed() {
                return root.resolve("preprocessed");
            }

            @Override
            public Path results() {
                return root.resolve("results");
            }

            @Override
            public Path rawDataset(String pathNameOrId) {
                if (pathNameOrId.equals(NAME) || pathNameOrId.equals("1")) {
                    return raw().resolve(NAME);
                }
                throw new IllegalArgumentException("no dataset " + pathNameOrId);
            }
        };
    }
}
