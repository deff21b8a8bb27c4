package io.jnnunet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.NnunetPaths;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Boots the real jnnunet distribution (the tar.gz that karaf-assembly built) with Pax Exam, offline: the container
 * resolves Maven artifacts from the local repository only. Tests run inside the container.
 */
public abstract class JnnunetTestSupport {

    static final String SAMPLE_DATA = "jnnunet.sampleData";
    /** examples/lab-unet's jar. */
    static final String EXAMPLE_PLUGIN = "jnnunet.examplePlugin";
    /** examples/lab-unet's jar one micro version on ({@code -next} classifier). */
    static final String EXAMPLE_PLUGIN_NEXT = "jnnunet.examplePluginNext";
    /** examples/boundary-evaluator's jar. */
    static final String EVALUATOR_PLUGIN = "jnnunet.evaluatorPlugin";
    /** examples/lab-overrides' jar. */
    static final String OVERRIDE_PLUGIN = "jnnunet.overridePlugin";
    /** The plans {@link #planTheSampleOnABudget} writes. */
    static final String BUDGET_PLANS = "nnUNetPlans_budget5min";
    private static final Duration COMMAND_REGISTRATION_TIMEOUT = Duration.ofSeconds(60);

    /** Karaf has installed and started every boot feature: no test races the bundles' start. */
    @Inject
    protected BootFinished bootFinished;

    @Inject
    protected SessionFactory sessionFactory;

    @Inject
    protected BundleContext context;

    @Configuration
    public Option[] config() {
        String localRepository = System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository");
        Option[] options = {
            karafDistributionConfiguration()
                    .frameworkUrl(new File(System.getProperty("jnnunet.distribution")).toURI().toString())
                    .name("jnnunet")
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.WARN),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    localRepository),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
        };
        // the paths failsafe passes in, handed on to the tests inside the container
        Option[] files = Stream.of(SAMPLE_DATA, EXAMPLE_PLUGIN, EXAMPLE_PLUGIN_NEXT, EVALUATOR_PLUGIN, OVERRIDE_PLUGIN)
                .map(key -> systemProperty(key).value(new File(System.getProperty(key)).getAbsolutePath()))
                .toArray(Option[]::new);
        return Stream.concat(Arrays.stream(options), Arrays.stream(files)).toArray(Option[]::new);
    }

    /** The sample dataset that ships in the repository. */
    protected static Path sampleDataset() {
        return Path.of(System.getProperty(SAMPLE_DATA), "Dataset001_Cells");
    }

    /** A plugin jar that failsafe names in a system property. */
    protected static Path pluginJar(String property) {
        return Path.of(System.getProperty(property));
    }

    /**
     * Puts a jar into deploy/ under a name, replacing one there in a single rename, so that Felix FileInstall never
     * reads a half-copied jar (an update under a running job must install the whole new bundle).
     */
    protected static Path deploy(Path jar, String name) throws IOException {
        Path staged = Files.createTempFile(Path.of(System.getProperty("karaf.data")), name, ".staged");
        Files.copy(jar, staged, StandardCopyOption.REPLACE_EXISTING);
        Path deployed = Path.of(System.getProperty("karaf.home"), "deploy", name);
        return Files.move(staged, deployed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The services of a type that match an LDAP filter ({@code null}: all), best ranked first. */
    protected <S> List<ServiceReference<S>> services(Class<S> type, String filter) {
        try {
            return context.getServiceReferences(type, filter).stream().sorted(Comparator.reverseOrder()).toList();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }

    /** Polls a condition until it holds. */
    protected static void await(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    /** The plans {@value #BUDGET_PLANS} of the sample data (its 2d configuration): a network that trains quickly. */
    protected void planTheSampleOnABudget() {
        run("nnunet:plan-and-preprocess -d " + sampleDataset() + " -c 2d -pl BudgetPlanner --budget-minutes 5");
    }

    /**
     * Runs a command that submits a background job ({@code --background}) and returns the job it queued: the one
     * job that was not there before.
     */
    protected JobInfo submitInBackground(JobManager jobs, String command) {
        Set<String> before = jobs.jobs().stream().map(JobInfo::id).collect(Collectors.toSet());
        CommandResult submitted = run(command);
        List<JobInfo> added = jobs.jobs().stream().filter(j -> !before.contains(j.id())).toList();
        assertEquals(submitted + "\nnew jobs: " + added, 1, added.size());
        return added.get(0);
    }

    /** The job's state now. */
    protected static JobInfo.State state(JobManager jobs, String id) {
        return jobs.job(id).orElseThrow(() -> new AssertionError("job " + id + " is gone")).state();
    }

    /** What a shell command printed, with the exception it threw (if any) as the last line. */
    protected record CommandResult(String output, Exception failure) {
        boolean failed() {
            return failure != null;
        }

        @Override
        public String toString() {
            return output + (failure == null ? "" : "\nfailed: " + failure.getMessage());
        }
    }

    /**
     * Runs a command in a new session. Karaf registers a bundle's commands only once every service they reference is
     * there, some time after the container reports ready, so a command not found yet is tried again for a while.
     */
    protected CommandResult execute(String command) {
        long deadline = System.nanoTime() + COMMAND_REGISTRATION_TIMEOUT.toNanos();
        CommandResult result = executeOnce(command);
        // gogo's CommandNotFoundException is not exported to the test probe: its message says it
        while (result.failed() && String.valueOf(result.failure().getMessage()).startsWith("Command not found")
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
            result = executeOnce(command);
        }
        return result;
    }

    /** The line of a command's output (a table's row) that contains a text. */
    protected static String row(CommandResult result, String containing) {
        return result.output().lines().filter(line -> line.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + containing + "' in\n" + result));
    }

    /** Runs a command that must succeed. */
    protected CommandResult run(String command) {
        CommandResult result = execute(command);
        assertFalse(command + "\n" + result, result.failed());
        return result;
    }

    /** The default plan shrunk to a network that trains in seconds: patch 64 x 96, 3 stages of 4..16 features. */
    protected static void writeTinyPlans(NnunetPaths paths, String dataset, String plansName) throws Exception {
        writeTinyPlans(paths.preprocessed().resolve(dataset), plansName);
    }

    /** {@link #writeTinyPlans(NnunetPaths, String, String)} in a preprocessed dataset folder. */
    static void writeTinyPlans(Path preprocessed, String plansName) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode plans = (ObjectNode) json.readTree(preprocessed.resolve("nnUNetPlans.json").toFile());
        shrink(plans, plansName);
        json.writerWithDefaultPrettyPrinter().writeValue(preprocessed.resolve(plansName + ".json").toFile(), plans);
    }

    /** nnU-Net's default plans shrunk in place to {@link #writeTinyPlans}' network, named {@code plansName}. */
    static void shrink(ObjectNode plans, String plansName) {
        ObjectMapper json = new ObjectMapper();
        plans.put("plans_name", plansName);
        ObjectNode configuration = (ObjectNode) plans.path("configurations").path("2d");
        configuration.set("patch_size", json.createArrayNode().add(64).add(96));
        configuration.put("batch_size", 2);
        configuration.put("num_epochs", 1);
        configuration.put("num_iterations_per_epoch", 4);
        configuration.put("num_val_iterations_per_epoch", 1);
        ObjectNode kwargs = (ObjectNode) configuration.path("architecture").path("arch_kwargs");
        kwargs.put("n_stages", 3);
        kwargs.set("features_per_stage", json.createArrayNode().add(8).add(16).add(32));
        for (String key : new String[] {"kernel_sizes", "strides", "n_conv_per_stage"}) {
            ArrayNode all = (ArrayNode) kwargs.path(key);
            while (all.size() > 3) {
                all.remove(all.size() - 1);
            }
        }
        ArrayNode decoder = (ArrayNode) kwargs.path("n_conv_per_stage_decoder");
        while (decoder.size() > 2) {
            decoder.remove(decoder.size() - 1);
        }
    }

    private CommandResult executeOnce(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        Exception failure = null;
        try {
            session.execute(command);
        } catch (Exception e) {
            failure = e;
        } finally {
            out.flush();
            session.close();
        }
        return new CommandResult(bytes.toString(StandardCharsets.UTF_8), failure);
    }
}
