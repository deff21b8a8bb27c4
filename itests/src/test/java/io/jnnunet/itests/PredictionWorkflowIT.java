package io.jnnunet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.formats.NnunetJson;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The workflow after preprocessing, in the distribution, on the sample data: core/border conversion, a (tiny, quick)
 * training with nnU-Net's final validation, tuning the instance recipe on it, prediction of the test images as
 * semantic masks and as instances (and a missing input folder named in the error), evaluation with instance metrics,
 * overlays, find-best-configuration.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PredictionWorkflowIT extends JnnunetTestSupport {

    private static final String DATASET = "Dataset002_CellsCoreBorder";
    private static final String PLANS = "tinyPlans";

    @Inject
    NnunetPaths paths;

    @Test
    public void trainedFoldPredictsEvaluatesAndDrawsTheTestImages() throws Exception {
        Path sample = sampleDataset();
        run("nnunet:convert-instances -d " + sample + " -o " + DATASET);
        run("nnunet:plan-and-preprocess -d 2 -c 2d");
        writeTinyPlans(paths, DATASET, PLANS);

        CommandResult train = run("nnunet:train 2 2d 0 -p " + PLANS);
        assertTrue(train.output(), train.output().contains("Validation of 2 cases"));
        Path model = paths.results().resolve(DATASET).resolve("nnUNetTrainer__" + PLANS + "__2d");
        Path validation = model.resolve("fold_0/validation");
        assertTrue(Files.isRegularFile(validation.resolve("summary.json")));
        assertEquals(2, count(validation, ".png"));

        CommandResult tune = run("nnunet:tune-instances -d 2 -c 2d -p " + PLANS);
        assertTrue(tune.output(), tune.output().contains("core-border on 2 validation case(s)"));
        assertTrue(Files.isRegularFile(model.resolve("instances.json")));

        Path instances = Files.createTempDirectory("predictions");
        CommandResult predict = run("nnunet:predict -i " + sample.resolve("imagesTs") + " -o " + instances
                + " -d 2 -c 2d -p " + PLANS + " -f 0 --instances auto --save-probabilities");
        assertTrue(predict.output(), predict.output().contains("about"));
        assertTrue(predict.output(), predict.output().contains("parameters tuned in"));
        assertEquals(5, count(instances, ".png"));
        assertEquals(5, count(instances, ".npz"));
        BufferedImage ids = ImageIO.read(instances.resolve("BBBC039_100.png").toFile());
        assertEquals(696, ids.getWidth());
        assertEquals(520, ids.getHeight());
        assertEquals(DataBuffer.TYPE_USHORT, ids.getRaster().getDataBuffer().getDataType());
        assertTrue(Files.isRegularFile(instances.resolve("predict_from_raw_data_args.json")));

        CommandResult missing = execute("nnunet:predict -i /no/such/folder -o " + instances + " -d 2 -c 2d -p "
                + PLANS + " -f 0");
        assertTrue(missing.toString(), missing.failed());
        assertTrue(missing.toString(), missing.failure().getMessage().contains("/no/such/folder"));

        Path semantic = Files.createTempDirectory("semantic");
        run("nnunet:predict -i " + sample.resolve("imagesTs") + " -o " + semantic + " -d 2 -c 2d -p " + PLANS
                + " -f 0 --disable-tta");
        BufferedImage labels = ImageIO.read(semantic.resolve("BBBC039_100.png").toFile());
        int max = 0;
        for (int y = 0; y < labels.getHeight(); y++) {
            for (int x = 0; x < labels.getWidth(); x++) {
                max = Math.max(max, labels.getRaster().getSample(x, y, 0));
            }
        }
        assertTrue("labels are background, cell, border: " + max, max <= 2);

        CommandResult evaluate = run("nnunet:evaluate -ref " + sample.resolve("labelsTs") + " -pred " + instances
                + " -djfile " + sample.resolve("dataset.json") + " --ref-instances "
                + sample.resolve("labelsTs_instances") + " --instances");
        assertTrue(evaluate.output(), evaluate.output().contains("AP@0.5"));
        // NnunetJson reads nnU-Net's bare NaN (an image where the tiny network finds no object has no AP)
        JsonNode summary = new NnunetJson().read(instances.resolve("summary.json"), JsonNode.class);
        assertTrue(summary.toString(), summary.path("foreground_mean").has("Dice"));
        assertTrue(summary.toString(), summary.path("instances_mean").has("AP@0.5"));

        Path overlays = Files.createTempDirectory("overlays");
        run("nnunet:overlay -i " + sample.resolve("imagesTs") + " -ref " + sample.resolve("labelsTs_instances")
                + " -pred " + instances + " -o " + overlays + " --montage " + overlays.resolve("montage.png"));
        assertEquals(6, count(overlays, ".png"));

        run("nnunet:find-best-configuration -d 2 -c 2d -p " + PLANS + " -f 0");
        assertTrue(Files.isRegularFile(paths.results().resolve(DATASET).resolve("inference_instructions.txt")));
    }

    private static long count(Path folder, String ending) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(ending)).count();
        }
    }
}
