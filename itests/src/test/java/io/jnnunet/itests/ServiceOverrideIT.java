package io.jnnunet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.Evaluator;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.formats.Checkpoint;
import io.jnnunet.formats.CheckpointHeader;
import io.jnnunet.network.NetworkArchitecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;

/**
 * A lab's bundle (examples/lab-overrides) that registers {@code PlainConvUNet} and {@code dice} with a higher
 * service ranking than the built-ins: while its jar lies in deploy/, training, prediction (the checkpoint loader),
 * the final validation and nnunet:evaluate use the lab's services; once it is deleted, the built-ins again, without
 * a restart. Which network trained a fold shows in its checkpoint: LabUNet's parameters are named after its blocks
 * ({@code encoder_0}), the built-in's after torch's modules ({@code encoder.stages.0...}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServiceOverrideIT extends JnnunetTestSupport {

    private static final String BUNDLE = "lab-overrides";
    private static final String MARKER = "VolumeSimilarity";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Inject
    NnunetPaths paths;

    @Test
    public void aHigherRankedBundleOverridesTheBuiltInArchitectureAndEvaluatorUntilItIsRemoved() throws Exception {
        Path dataset = sampleDataset();
        Path labels = dataset.resolve("labelsTs");
        Path out = Files.createDirectories(Path.of(System.getProperty("karaf.data"), "override"));
        planTheSampleOnABudget();
        Path model = paths.modelFolder(dataset.toString(), new NnunetPaths.ModelName("nnUNetTrainer", BUDGET_PLANS,
                "2d"));
        assertFalse(run("nnunet:architectures").output().contains(BUNDLE));

        Path deployed = deploy(pluginJar(OVERRIDE_PLUGIN), BUNDLE + ".jar");
        await("the lab's PlainConvUNet and dice to win", TIMEOUT, this::overridesActive);
        String architecture = row(run("nnunet:architectures"), BUNDLE);
        assertTrue(architecture, architecture.contains("PlainConvUNet"));
        String evaluator = row(run("nnunet:evaluators"), BUNDLE);
        assertTrue(evaluator, evaluator.contains("dice"));

        // training and its final validation with the lab's services
        run("nnunet:train " + dataset + " 2d 0 -p " + BUDGET_PLANS + " --epochs 1 --iterations 2");
        Path fold0 = NnunetPaths.foldFolder(model, "0");
        List<String> lab = parameterNames(fold0);
        assertTrue(lab.toString(), lab.stream().anyMatch(name -> name.contains("encoder_0")));
        assertTrue(lab.toString(), lab.stream().noneMatch(name -> name.startsWith("encoder.stages.")));
        String validation = Files.readString(NnunetPaths.validationFolder(fold0).resolve("summary.json"));
        assertTrue(validation, validation.contains(MARKER));

        // the checkpoint loader builds the lab's network for the checkpoint it trained
        String predict = "nnunet:predict -i " + dataset.resolve("imagesTs") + " -o " + out.resolve("predicted")
                + " -d " + dataset + " -c 2d -p " + BUDGET_PLANS + " -f 0 --disable-tta";
        run(predict);

        CommandResult evaluated = run("nnunet:evaluate -ref " + labels + " -pred " + labels + " -o "
                + out.resolve("with-override.json"));
        assertTrue(evaluated.output(), evaluated.output().contains(MARKER));
        String summary = Files.readString(out.resolve("with-override.json"));
        assertTrue(summary, summary.contains("\"" + MARKER + "\": 1.0"));
        assertFalse("the built-in dice is overridden, not run beside it: " + summary, summary.contains("\"TP\""));

        Files.delete(deployed);
        await("the built-in PlainConvUNet and dice to be back", TIMEOUT, () -> !overridesActive()
                && !services(NetworkArchitecture.class, name(NetworkArchitecture.NAME, "PlainConvUNet")).isEmpty()
                && !services(Evaluator.class, name(Evaluator.NAME, "dice")).isEmpty());
        assertFalse(run("nnunet:architectures").output().contains(BUNDLE));
        assertFalse(run("nnunet:evaluators").output().contains(BUNDLE));

        // the built-in network does not fit the lab's checkpoint: the loader used the override before
        CommandResult mismatch = execute(predict);
        assertTrue(mismatch.toString(), mismatch.failed());
        assertTrue(mismatch.toString(), mismatch.toString().contains("does not hold the weights"));

        run("nnunet:train " + dataset + " 2d 1 -p " + BUDGET_PLANS + " --epochs 1 --iterations 2");
        Path fold1 = NnunetPaths.foldFolder(model, "1");
        List<String> builtIn = parameterNames(fold1);
        assertTrue(builtIn.toString(), builtIn.stream().anyMatch(name -> name.startsWith("encoder.stages.")));
        assertTrue(builtIn.toString(), builtIn.stream().noneMatch(name -> name.contains("encoder_0")));
        String builtInValidation = Files.readString(NnunetPaths.validationFolder(fold1).resolve("summary.json"));
        assertFalse(builtInValidation, builtInValidation.contains(MARKER));

        run("nnunet:evaluate -ref " + labels + " -pred " + labels + " -o " + out.resolve("built-in.json"));
        String plain = Files.readString(out.resolve("built-in.json"));
        assertFalse(plain, plain.contains(MARKER));
        assertTrue(plain, plain.contains("\"TP\""));
        assertTrue(plain, plain.contains("\"Dice\": 1.0"));
    }

    /** Whether the best-ranked PlainConvUNet and dice are the lab's (ranking 100). */
    private boolean overridesActive() {
        return ranking(services(NetworkArchitecture.class, name(NetworkArchitecture.NAME, "PlainConvUNet"))) == 100
                && ranking(services(Evaluator.class, name(Evaluator.NAME, "dice"))) == 100;
    }

    private static int ranking(List<? extends ServiceReference<?>> best) {
        return best.isEmpty() || !(best.get(0).getProperty(NamedServices.RANKING) instanceof Integer ranking) ? 0
                : ranking;
    }

    private static String name(String property, String value) {
        return "(" + property + "=" + value + ")";
    }

    private static List<String> parameterNames(Path fold) throws IOException {
        CheckpointHeader header = Checkpoint.readHeader(fold.resolve("checkpoint_final.djl"));
        assertEquals("PlainConvUNet", header.network().architecture());
        return header.parameters().stream().map(CheckpointHeader.Tensor::name).toList();
    }
}
