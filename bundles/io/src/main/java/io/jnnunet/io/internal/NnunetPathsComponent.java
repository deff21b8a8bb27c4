package io.jnnunet.io.internal;

import io.jnnunet.api.NnunetPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * nnU-Net's three folders. Each comes from the configuration {@value #PID} if set, else from nnU-Net's environment
 * variable, else from a default under Karaf's data folder, so a fresh installation works unconfigured. An edit of the
 * configuration changes the folders in place ({@code @Modified}): the component and the services that use it stay
 * active, and the next call sees the new folders.
 */
@Component(service = NnunetPaths.class, configurationPid = NnunetPathsComponent.PID)
@Designate(ocd = NnunetPathsComponent.Config.class)
public class NnunetPathsComponent implements NnunetPaths {

    static final String PID = "io.jnnunet.paths";

    @ObjectClassDefinition(name = "jnnunet folders",
            description = "nnU-Net's raw, preprocessed and results folders (etc/io.jnnunet.paths.cfg). Blank: the"
                    + " environment variable nnUNet_raw, nnUNet_preprocessed or nnUNet_results, else"
                    + " ${karaf.data}/nnUNet_raw etc. An edit applies to the next command or job, without a restart.")
    public @interface Config {
        @AttributeDefinition(name = "nnUNet_raw", description = "Folder of the raw datasets DatasetXXX_Name; blank:"
                + " the environment variable nnUNet_raw, else ${karaf.data}/nnUNet_raw")
        String raw() default "";

        @AttributeDefinition(name = "nnUNet_preprocessed", description = "Folder of the preprocessed datasets; blank:"
                + " the environment variable nnUNet_preprocessed, else ${karaf.data}/nnUNet_preprocessed")
        String preprocessed() default "";

        @AttributeDefinition(name = "nnUNet_results", description = "Folder of the trained models; blank: the"
                + " environment variable nnUNet_results, else ${karaf.data}/nnUNet_results")
        String results() default "";
    }

    /** The three folders, replaced together on an edit so that a caller never sees a mix of old and new. */
    private record Folders(Path raw, Path preprocessed, Path results) {
    }

    private static final Pattern FULL_NAME = Pattern.compile("Dataset\\d{3,}_.+");
    private static final Pattern ID = Pattern.compile("\\d{1,9}");

    private final Function<String, String> env;
    private final Function<String, String> systemProperties;
    private volatile Folders folders;

    @Activate
    public NnunetPathsComponent(Config config) {
        this(config.raw(), config.preprocessed(), config.results(), System::getenv, System::getProperty);
    }

    /** With the configured values, and another environment and other system properties, for tests. */
    NnunetPathsComponent(String raw, String preprocessed, String results, Function<String, String> env,
            Function<String, String> systemProperties) {
        this.env = env;
        this.systemProperties = systemProperties;
        configure(raw, preprocessed, results);
    }

    @Modified
    void modified(Config config) {
        configure(config.raw(), config.preprocessed(), config.results());
    }

    void configure(String raw, String preprocessed, String results) {
        String karafData = systemProperties.apply("karaf.data");
        Path dataFolder = isBlank(karafData)
                ? Path.of(systemProperties.apply("user.dir"), "data") : Path.of(karafData);
        folders = new Folders(resolve(raw, env.apply("nnUNet_raw"), dataFolder.resolve("nnUNet_raw")),
                resolve(preprocessed, env.apply("nnUNet_preprocessed"), dataFolder.resolve("nnUNet_preprocessed")),
                resolve(results, env.apply("nnUNet_results"), dataFolder.resolve("nnUNet_results")));
    }

    @Override
    public Path raw() {
        return folders.raw();
    }

    @Override
    public Path preprocessed() {
        return folders.preprocessed();
    }

    @Override
    public Path results() {
        return folders.results();
    }

    @Override
    public Path rawDataset(String pathNameOrId) {
        Path raw = raw();
        String query = pathNameOrId == null ? "" : pathNameOrId.strip();
        if (query.isEmpty()) {
            throw new IllegalArgumentException("no dataset given: expected a folder, a name DatasetXXX_Name or an"
                    + " id such as 1, in raw folder " + raw);
        }
        Path asPath = asPath(query);
        if (asPath != null && Files.isDirectory(asPath)) {
            return asPath;
        }
        if (FULL_NAME.matcher(query).matches()) {
            Path folder = raw.resolve(query);
            if (Files.isDirectory(folder)) {
                return folder;
            }
            throw new IllegalArgumentException("no dataset folder " + query + " in raw folder " + raw + "; "
                    + existingDatasets(raw));
        }
        if (ID.matcher(query).matches()) {
            String prefix = String.format("Dataset%03d_", Integer.parseInt(query));
            List<Path> matches = datasetFolders(raw).stream()
                    .filter(p -> p.getFileName().toString().startsWith(prefix))
                    .toList();
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.isEmpty()) {
                throw new IllegalArgumentException("no dataset with id " + query + ": no folder starting with "
                        + prefix + " in raw folder " + raw + "; " + existingDatasets(raw));
            }
            throw new IllegalArgumentException("dataset id " + query + " is ambiguous: raw folder " + raw
                    + " has several folders starting with " + prefix + ": " + names(matches));
        }
        throw new IllegalArgumentException("'" + query + "' is neither an existing folder, nor a dataset name"
                + " DatasetXXX_Name, nor a dataset id; raw folder " + raw + ": " + existingDatasets(raw));
    }

    private static Path resolve(String configured, String environment, Path fallback) {
        if (!isBlank(configured)) {
            return Path.of(configured.strip());
        }
        return isBlank(environment) ? fallback : Path.of(environment.strip());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static Path asPath(String query) {
        try {
            return Path.of(query);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The folders of raw that look like datasets, sorted by name; none when raw does not exist. */
    private static List<Path> datasetFolders(Path raw) {
        if (!Files.isDirectory(raw)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(raw)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith("Dataset"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list raw folder " + raw, e);
        }
    }

    private static String existingDatasets(Path raw) {
        if (!Files.isDirectory(raw)) {
            return "that folder does not exist (set raw in etc/" + PID + ".cfg or the environment variable"
                    + " nnUNet_raw)";
        }
        List<Path> existing = datasetFolders(raw);
        return existing.isEmpty() ? "it holds no DatasetXXX_Name folders" : "datasets there: " + names(existing);
    }

    private static List<String> names(List<Path> folders) {
        return folders.stream().map(p -> p.getFileName().toString()).toList();
    }
}
