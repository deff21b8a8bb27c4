package io.jnnunet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.djl.ComputeEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Editing every shipped {@code etc/io.jnnunet.*.cfg} while a background training runs: Felix FileInstall hands the
 * edits to Config Admin, each component takes them through {@code @Modified} (the engine's thread count changes),
 * the training finishes FINISHED, and no component is restarted: every service keeps its service id and component
 * id.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigurationEditIT extends JnnunetTestSupport {

    private static final Duration TIMEOUT = Duration.ofSeconds(300);
    private static final List<String> EXPECTED = List.of("io.jnnunet.paths.cfg", "io.jnnunet.engine.cfg",
            "io.jnnunet.jobs.cfg");
    /** FileInstall's property on a configuration it made from a file: the file's URL. */
    private static final String FILENAME = "felix.fileinstall.filename";
    /** A key every edited file gets, so that even a file this test knows no key of really changes. */
    private static final String MARKER = "itests.edited";
    /** The encoding of .cfg files, as of every Java properties file. */
    private static final Charset CFG = StandardCharsets.ISO_8859_1;

    @Inject
    JobManager jobs;

    @Inject
    NnunetPaths paths;

    @Inject
    ComputeEngine engine;

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Test
    public void editingEveryShippedConfigurationNeitherStopsATrainingNorRestartsAComponent() throws Exception {
        Path etc = Path.of(System.getProperty("karaf.etc"));
        List<Path> shipped;
        try (Stream<Path> files = Files.list(etc)) {
            shipped = files.filter(f -> f.getFileName().toString().matches("io\\.jnnunet\\..+\\.cfg")).sorted()
                    .toList();
        }
        List<String> names = shipped.stream().map(f -> f.getFileName().toString()).toList();
        assertTrue(names.toString(), names.containsAll(EXPECTED));

        planTheSampleOnABudget();
        JobInfo job = submitInBackground(jobs, "nnunet:train " + sampleDataset() + " 2d 0 -p " + BUDGET_PLANS
                + " --epochs 3 --iterations 10 --background");
        await("the training to start", TIMEOUT, () -> state(jobs, job.id()) != JobInfo.State.QUEUED);
        assertEquals(jobs.job(job.id()).toString(), JobInfo.State.RUNNING, state(jobs, job.id()));
        Map<String, String> before = components();
        List<Path> folders = List.of(paths.raw(), paths.preprocessed(), paths.results());
        int threads = engine.threads() + 1;

        Map<Path, Map<String, String>> edits = new LinkedHashMap<>();
        for (Path file : shipped) {
            Map<String, String> changes = new LinkedHashMap<>(knownChanges(file, threads));
            changes.put(MARKER, job.id());
            edit(file, changes);
            edits.put(file, changes);
        }
        await("Config Admin to hold the edits " + edits, Duration.ofSeconds(60),
                () -> edits.entrySet().stream().allMatch(e -> holds(e.getKey(), e.getValue())));
        assertEquals("the training must still run when the edits are in: make it longer", JobInfo.State.RUNNING,
                state(jobs, job.id()));
        await("the engine to run " + threads + " threads", Duration.ofSeconds(60), () -> engine.threads() == threads);

        await("the training to end", TIMEOUT, () -> state(jobs, job.id()).ended());
        assertEquals(jobs.job(job.id()).toString(), JobInfo.State.FINISHED, state(jobs, job.id()));
        assertEquals("no component may restart", before, components());
        assertEquals(folders, List.of(paths.raw(), paths.preprocessed(), paths.results()));
    }

    /**
     * Real changes of the shipped keys that leave the running training alone: the same folders written with a
     * trailing slash, one thread more, one more parallel job.
     */
    private Map<String, String> knownChanges(Path file, int threads) throws IOException {
        return switch (file.getFileName().toString()) {
            case "io.jnnunet.paths.cfg" -> Map.of("raw", paths.raw() + "/", "preprocessed", paths.preprocessed() + "/",
                    "results", paths.results() + "/");
            case "io.jnnunet.engine.cfg" -> Map.of("threads", Integer.toString(threads));
            case "io.jnnunet.jobs.cfg" -> Map.of("parallel", Integer.toString(1 + Integer.parseInt(
                    value(file, "parallel", "1"))));
            default -> Map.of();
        };
    }

    /** A key's value in a cfg file, or the default when the file does not set it. */
    private static String value(Path file, String key, String otherwise) throws IOException {
        return Files.readAllLines(file, CFG).stream().filter(line -> key(line).equals(key))
                .map(line -> line.substring(line.indexOf('=') + 1).trim()).reduce((first, last) -> last)
                .orElse(otherwise);
    }

    /** The key a line sets, or "" for a comment, a blank line or a line that sets nothing. */
    private static String key(String line) {
        String trimmed = line.trim();
        int equals = trimmed.indexOf('=');
        return trimmed.startsWith("#") || trimmed.startsWith("!") || equals < 0 ? ""
                : trimmed.substring(0, equals).trim();
    }

    /** Rewrites a cfg file with the keys' new values at its end, in one rename, as an editor saving it would. */
    private static void edit(Path file, Map<String, String> changes) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, CFG).stream()
                .filter(line -> !changes.containsKey(key(line))).toList());
        lines.add("");
        lines.add("# edited by ConfigurationEditIT while a training runs");
        changes.forEach((key, value) -> lines.add(key + " = " + value));
        Path staged = Files.createTempFile(Path.of(System.getProperty("karaf.data")), "edited", ".cfg.staged");
        Files.write(staged, lines, CFG);
        Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether the configuration FileInstall made from the file has the values. */
    private boolean holds(Path file, Map<String, String> values) {
        try {
            Configuration[] configurations = configurationAdmin.listConfigurations(
                    "(" + FILENAME + "=*/" + file.getFileName() + ")");
            if (configurations == null || configurations.length != 1) {
                return false;
            }
            Dictionary<String, Object> properties = configurations[0].getProperties();
            return values.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(String.valueOf(properties.get(e.getKey()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The service and component ids of the three components the shipped files configure and of every service
     * configured from a jnnunet pid, by component name: a component that restarts gets new ones.
     */
    private Map<String, String> components() throws InvalidSyntaxException {
        List<ServiceReference<?>> references = new ArrayList<>();
        for (Class<?> type : List.of(JobManager.class, NnunetPaths.class, ComputeEngine.class)) {
            references.add(context.getServiceReference(type));
        }
        ServiceReference<?>[] configured = context.getServiceReferences((String) null, "(service.pid=io.jnnunet.*)");
        references.addAll(configured == null ? List.of() : List.of(configured));
        Map<String, String> ids = new TreeMap<>();
        for (ServiceReference<?> reference : references) {
            ids.merge(String.valueOf(reference.getProperty("component.name")),
                    "service " + reference.getProperty("service.id") + ", component "
                            + reference.getProperty("component.id"),
                    (a, b) -> a.equals(b) ? a : a + "; " + b);
        }
        return ids;
    }
}
