package io.jnnunet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.network.NetworkArchitecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.jar.JarFile;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/**
 * A lab's architecture plugin (examples/lab-unet, built against the api only) dropped into deploy/ of the running
 * distribution: it appears, trains, is updated to a new version under a running job (which finishes with the
 * instance it started with), trains again in its new version, and disappears again, without a restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ArchitectureHotSwapIT extends JnnunetTestSupport {

    private static final String SYMBOLIC_NAME = "lab-unet";
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @Inject
    NnunetPaths paths;

    @Inject
    JobManager jobs;

    @Test
    public void aDeployedArchitectureAppearsTrainsIsUpdatedUnderARunningJobAndDisappears() throws Exception {
        Path first = pluginJar(EXAMPLE_PLUGIN);
        Path next = pluginJar(EXAMPLE_PLUGIN_NEXT);
        Version firstVersion = bundleVersion(first);
        Version nextVersion = bundleVersion(next);
        assertNotEquals("the -next jar must carry another Bundle-Version", firstVersion, nextVersion);

        assertFalse(execute("nnunet:architectures").output().contains("LabUNet"));
        Path deployed = deploy(first, "lab-unet.jar");
        await("LabUNet to appear", TIMEOUT, () -> architectureInstalled("LabUNet"));
        CommandResult listing = run("nnunet:architectures");
        String row = row(listing, "LabUNet");
        assertTrue(row, row.contains(SYMBOLIC_NAME));
        assertTrue(row, row.contains(firstVersion.toString()));

        // plans that name the lab's network: the budget plan of the sample data, with LabUNet as its class
        Path dataset = sampleDataset();
        planTheSampleOnABudget();
        Path preprocessed = paths.preprocessedDataset(dataset.toString());
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode plans = (ObjectNode) mapper.readTree(preprocessed.resolve(BUDGET_PLANS + ".json").toFile());
        plans.put("plans_name", "labPlans");
        ((ObjectNode) plans.at("/configurations/2d/architecture")).put("network_class_name",
                "org.example.lab.unet.LabUNet");
        mapper.writeValue(preprocessed.resolve("labPlans.json").toFile(), plans);
        Path model = paths.modelFolder(dataset.toString(), new NnunetPaths.ModelName("nnUNetTrainer", "labPlans",
                "2d"));

        CommandResult trained = run("nnunet:train " + dataset + " 2d 0 -p labPlans --epochs 1 --iterations 2");
        assertTrue(trained.output(), Files.exists(NnunetPaths.foldFolder(model, "0").resolve("checkpoint_final.djl")));

        // a running job keeps the instance it started with while the bundle is updated under it
        JobInfo job = submitInBackground(jobs, "nnunet:train " + dataset + " 2d 1 -p labPlans --epochs 3"
                + " --iterations 15 --background");
        await("the job to start", TIMEOUT, () -> state(jobs, job.id()) != JobInfo.State.QUEUED);
        assertEquals(jobs.job(job.id()).toString(), JobInfo.State.RUNNING, state(jobs, job.id()));
        deploy(next, "lab-unet.jar");
        await("lab-unet to be updated to " + nextVersion, TIMEOUT,
                () -> labUNetBundle().map(Bundle::getVersion).filter(nextVersion::equals).isPresent()
                        && architectureInstalled("LabUNet"));
        assertEquals("the job must still run when the update is in: make it longer",
                JobInfo.State.RUNNING, state(jobs, job.id()));
        String updated = row(run("nnunet:architectures"), "LabUNet");
        assertTrue(updated, updated.contains(nextVersion.toString()));

        await("the job to end", TIMEOUT, () -> state(jobs, job.id()).ended());
        assertEquals(jobs.job(job.id()).toString(), JobInfo.State.FINISHED, state(jobs, job.id()));
        assertTrue(Files.exists(NnunetPaths.foldFolder(model, "1").resolve("checkpoint_final.djl")));

        // the next training builds its network with the updated bundle
        CommandResult again = run("nnunet:train " + dataset + " 2d 2 -p labPlans --epochs 1 --iterations 2");
        assertTrue(again.output(), Files.exists(NnunetPaths.foldFolder(model, "2").resolve("checkpoint_final.djl")));

        Files.delete(deployed);
        await("LabUNet to disappear", TIMEOUT, () -> !architectureInstalled("LabUNet"));
        assertFalse(labUNetBundle().isPresent());
        CommandResult without = run("nnunet:architectures");
        assertFalse(without.output(), without.output().contains("LabUNet"));
        assertTrue(without.output(), without.output().contains("PlainConvUNet"));
    }

    private boolean architectureInstalled(String name) {
        return !services(NetworkArchitecture.class, "(" + NetworkArchitecture.NAME + "=" + name + ")").isEmpty();
    }

    private Optional<Bundle> labUNetBundle() {
        return Arrays.stream(context.getBundles()).filter(b -> SYMBOLIC_NAME.equals(b.getSymbolicName()))
                .findFirst();
    }

    private static Version bundleVersion(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Version.parseVersion(file.getManifest().getMainAttributes().getValue("Bundle-Version"));
        }
    }
}
