package io.jnnunet.postprocessing.internal.instances;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.jnnunet.api.CaseEvaluation;
import io.jnnunet.api.Evaluator;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.SampleType;
import io.jnnunet.evaluation.internal.InstanceEvaluator;
import io.jnnunet.io.internal.PngImageIo;
import io.jnnunet.postprocessing.internal.morphology.ConnectedComponents;
import io.jnnunet.postprocessing.internal.morphology.Grid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * How well each way of getting instances from a semantic mask can do at best, measured on the reference masks: AP at
 * IoU 0.5 (one-to-one matches, TP / (TP + FP + FN)), mean over images.
 */
public class InstanceAccuracyTest {

    private static final Path CELLS = Paths.get("/work/shared/data/cells");
    private static final Path SAMPLE = Paths.get("../../sample-data/Dataset001_Cells");

    /** Mean AP@0.5 of the three ways over a dataset's test split. */
    record Scores(double components, double watershed, double coreBorder) {
    }

    /** The README's table: sample-data is in the repository, so its row is checked everywhere. */
    @Test
    public void onTheSampleDataTheNumbersOfTheReadmeHold() throws IOException {
        assertScores(SAMPLE, new Scores(0.8788, 0.9341, 0.9965));
    }

    @Test
    public void onTheFullCellsDatasetTheNumbersOfTheReadmeHold() throws IOException {
        assumeTrue(Files.isDirectory(CELLS.resolve("labelsTs_instances")));
        assertScores(CELLS, new Scores(0.8008, 0.8929, 0.9884));
    }

    /** The measured scores, to the four places the README gives. */
    private static void assertScores(Path dataset, Scores expected) throws IOException {
        Scores s = measure(dataset);
        System.out.printf("%s test split AP@0.5: components %.4f, watershed %.4f, core-border %.4f%n",
                dataset.getFileName(), s.components(), s.watershed(), s.coreBorder());
        assertEquals(expected.components(), s.components(), 5e-5);
        assertEquals(expected.watershed(), s.watershed(), 5e-5);
        assertEquals(expected.coreBorder(), s.coreBorder(), 5e-5);
    }

    private static Scores measure(Path dataset) throws IOException {
        PngImageIo io = new PngImageIo();
        CoreBorderRecipe coreBorder = new CoreBorderRecipe();
        WatershedRecipe watershed = new WatershedRecipe();
        List<Path> files;
        try (Stream<Path> list = Files.list(dataset.resolve("labelsTs_instances"))) {
            files = list.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertTrue("no test instances in " + dataset, !files.isEmpty());
        double[] sums = new double[3];
        for (Path file : files) {
            ImageVolume instances = io.readSegmentation(file);
            ImageVolume semantic = io.readSegmentation(dataset.resolve("labelsTs").resolve(file.getFileName()));
            boolean[] foreground = InstanceMaps.foreground(CoreBorderRecipeTest.ints(semantic));
            int[] components = ConnectedComponents.label(foreground, Grid.of(semantic.shape()),
                    Grid.Connectivity.FULL).labels();
            sums[0] += averagePrecision(instances, InstanceMaps.volume(semantic, components, SampleType.UINT16));
            sums[1] += averagePrecision(instances, watershed.instances(semantic, null));
            sums[2] += averagePrecision(instances, coreBorder.instances(coreBorder.trainingLabels(instances, null),
                    null));
        }
        return new Scores(sums[0] / files.size(), sums[1] / files.size(), sums[2] / files.size());
    }

    /** AP at IoU 0.5 as the evaluation computes it ({@code instances} evaluator, one-to-one matches). */
    private static double averagePrecision(ImageVolume reference, ImageVolume predicted) {
        CaseEvaluation c = new CaseEvaluation("case", reference, predicted, Map.of("1", new int[] {1}), null,
                reference, predicted);
        return new InstanceEvaluator().evaluate(c).get(Evaluator.INSTANCES).get("AP@0.5").doubleValue();
    }
}
