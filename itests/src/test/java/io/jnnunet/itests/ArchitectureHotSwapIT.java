package io.jnnunet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.network.NetworkArchitecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * A lab's architecture plugin (examples/lab-unet, built against the api only) dropped into deploy/ of the running
 * distribution: it appears, trains, survives an update under a running job, and disappears again, without a restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ArchitectureHotSwapIT extends JnnunetTestSupport {

    @Inject
    BundleContext context;

    @Inject
    NnunetPaths paths;

    @Inject
    JobManager jobs;

    @Test
    public void aDeployedArchitectureAppearsTrainsAndDisappears() throws Exception {
        assertFalse(execute("nnunet:architectures").output().contains("LabUNet"));
        Path deployed = Path.of(System.getProperty("karaf.home"), "deploy", "lab-unet.jar");
        Files.copy(Path.of(System.getProperty(EXAMPLE_PLUGIN)), deployed, StandardCopyOption.REPLACE_EXISTING);
        await("LabUNet to appear", () -> architectureInstalled("LabUNet"));
        CommandResult listing = execute("nnunet:architectures");
        assertTrue(listing.output(), listing.output().contains("LabUNet"));
        assertTrue(listing.output(), listing.output().contains("lab-unet"));

        // plans that name the lab's network: the budget plan of the sample data, with LabUNet as its class
        Path dataset = sampleDataset();
        assertFalse(execute("nnunet:plan-and-preprocess -d " + dataset + " -c 2d -pl BudgetPlanner"
                + " --budget-minutes 5").failed());
        Path preprocessed = paths.preprocessed().resolve("Dataset001_Cells");
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode plans = (ObjectNode) mapper.readTree(preprocessed.resolve("nnUNetPlans_budget5min.json").toFile());
        plans.put("plans_name", "labPlans");
        ((ObjectNode) plans.at("/configurations/2d/architecture")).put("network_class_name",
                "org.example.lab.unet.LabUNet");
        mapper.writeValue(preprocessed.resolve("labPlans.json").toFile(), plans);

        CommandResult trained = execute("nnunet:train " + dataset + " 2d 0 -p labPlans --epochs 1 --iterations 2");
        assertFalse(trained.toString(), trained.failed());
        Path fold = paths.results().resolve("Dataset001_Cells/nnUNetTrainer__labPlans__2d/fold_0");
        assertTrue(trained.output(), Files.exists(fold.resolve("checkpoint_final.djl")));

        // a running job keeps the instance it started with while the bundle is updated under it
        execute("nnunet:train " + dataset + " 2d 1 -p labPlans --epochs 2 --iterations 15 --background");
        JobInfo job = jobs.jobs().get(jobs.jobs().size() - 1);
        await("the job to start", () -> jobs.job(job.id()).orElseThrow().state() == JobInfo.State.RUNNING);
        Files.copy(Path.of(System.getProperty(EXAMPLE_PLUGIN)), deployed, StandardCopyOption.REPLACE_EXISTING);
        await("the job to end", () -> jobs.job(job.id()).orElseThrow().finished() != null);
        assertEquals(jobs.job(job.id()).toString(), JobInfo.State.FINISHED, jobs.job(job.id()).orElseThrow().state());

        Files.delete(deployed);
        await("LabUNet to disappear", () -> !architectureInstalled("LabUNet"));
        assertFalse(execute("nnunet:architectures").output().contains("LabUNet"));
        assertTrue(execute("nnunet:architectures").output().contains("PlainConvUNet"));
    }

    private boolean architectureInstalled(String name) {
        try {
            return !context.getServiceReferences(NetworkArchitecture.class,
                    "(" + NetworkArchitecture.NAME + "=" + name + ")").isEmpty();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
