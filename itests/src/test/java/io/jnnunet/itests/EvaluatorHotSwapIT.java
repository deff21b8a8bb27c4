package io.jnnunet.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.Evaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A lab's evaluator plugin (examples/boundary-evaluator, built against the api only) dropped into deploy/ of the
 * running distribution: it is listed, nnunet:evaluate writes its metric into summary.json, and once removed it is
 * gone while evaluation goes on with the built-in evaluators, without a restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EvaluatorHotSwapIT extends JnnunetTestSupport {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    public void aDeployedEvaluatorAppearsEvaluatesAndDisappears() throws Exception {
        CommandResult builtIn = execute("nnunet:evaluators");
        assertTrue(builtIn.toString(), builtIn.output().contains("dice"));
        assertTrue(builtIn.output(), builtIn.output().contains("instances"));
        assertFalse(builtIn.output(), builtIn.output().contains("boundary"));

        Path deployed = deploy(pluginJar(EVALUATOR_PLUGIN), "boundary-evaluator.jar");
        await("the boundary evaluator to appear", TIMEOUT, () -> evaluatorInstalled("boundary"));
        CommandResult listing = execute("nnunet:evaluators");
        assertTrue(listing.output(), listing.output().contains("boundary"));
        assertTrue(listing.output(), listing.output().contains("boundary-evaluator"));

        // the sample's test labels against themselves; labelsTs_instances beside them brings the instance metrics
        Path labels = sampleDataset().resolve("labelsTs");
        Path out = Path.of(System.getProperty("karaf.home"), "data", "evaluation");
        CommandResult evaluated = execute("nnunet:evaluate -ref " + labels + " -pred " + labels + " -o "
                + out.resolve("with-plugin.json"));
        assertFalse(evaluated.toString(), evaluated.failed());
        assertTrue(evaluated.output(), evaluated.output().contains("BoundaryF1"));
        assertTrue(evaluated.output(), evaluated.output().contains("mAP"));
        String summary = Files.readString(out.resolve("with-plugin.json"));
        assertTrue(summary, summary.contains("\"BoundaryF1\": 1.0"));
        assertTrue(summary, summary.contains("\"instances_mean\""));

        Files.delete(deployed);
        await("the boundary evaluator to disappear", TIMEOUT, () -> !evaluatorInstalled("boundary"));
        assertFalse(execute("nnunet:evaluators").output().contains("boundary"));
        CommandResult without = execute("nnunet:evaluate -ref " + labels + " -pred " + labels + " -o "
                + out.resolve("without-plugin.json"));
        assertFalse(without.toString(), without.failed());
        String plain = Files.readString(out.resolve("without-plugin.json"));
        assertFalse(plain, plain.contains("BoundaryF1"));
        assertTrue(plain, plain.contains("\"Dice\": 1.0"));
    }

    private boolean evaluatorInstalled(String name) {
        return !services(Evaluator.class, "(" + Evaluator.NAME + "=" + name + ")").isEmpty();
    }
}
