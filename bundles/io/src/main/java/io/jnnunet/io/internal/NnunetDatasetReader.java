package io.jnnunet.io.internal;

import io.jnnunet.api.DatasetCase;
import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Component;

/**
 * nnU-Net's dataset layout ({@code utilities/utils.py}): {@code dataset.json} via Jackson, and case listing from
 * {@code imagesTr}/{@code labelsTr} or from the explicit {@code dataset} key.
 */
@Component(service = DatasetReader.class)
public class NnunetDatasetReader implements DatasetReader {

    static final String IMAGES_TR = "imagesTr";
    static final String LABELS_TR = "labelsTr";

    /** Length of the {@code _XXXX} channel suffix that nnU-Net strips, besides the ending, to get a case id. */
    static final int CHANNEL_SUFFIX_LENGTH = 5;

    /** {@code $NAME} or {@code ${NAME}}, as Python's {@code os.path.expandvars} on POSIX. */
    private static final Pattern ENV_VAR = Pattern.compile("\\$(\\w+|\\{([^}]*)})");

    private final NnunetJson json = new NnunetJson();
    private final Function<String, String> env;

    public NnunetDatasetReader() {
        this(System::getenv);
    }

    /** With another environment, for {@code $VAR} expansion in the {@code dataset} key. */
    NnunetDatasetReader(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public DatasetSpec readDatasetJson(Path datasetFolder) throws IOException {
        Path file = datasetFolder.resolve(DATASET_JSON);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "There needs to be a dataset.json file in folder " + datasetFolder);
        }
        if (Files.size(file) == 0) {
            throw new IOException(file + " is empty; it must hold a JSON object with the keys channel_names,"
                    + " labels, numTraining and file_ending");
        }
        DatasetSpec spec = json.read(file, DatasetSpec.class);
        return spec;
    }

    @Override
    public void writeDatasetJson(DatasetSpec spec, Path datasetFolder) throws IOException {
        json.write(datasetFolder.resolve(DATASET_JSON), spec);
    }

    @Override
    public List<DatasetCase> trainingCases(Path datasetFolder, DatasetSpec spec) throws IOException {
        if (spec.dataset() != null) {
            List<DatasetCase> cases = new ArrayList<>();
            spec.dataset().forEach((id, files) -> cases.add(listedCase(datasetFolder, id, files)));
            return cases;
        }
        if (spec.fileEnding() == null) {
            throw new IOException(datasetFolder.resolve(DATASET_JSON) + " has no file_ending, so the cases in "
                    + IMAGES_TR + " cannot be found");
        }
        return listCases(datasetFolder.resolve(IMAGES_TR), spec.fileEnding(), datasetFolder.resolve(LABELS_TR));
    }

    @Override
    public List<DatasetCase> imageCases(Path imagesFolder, String fileEnding) throws IOException {
        return listCases(imagesFolder, fileEnding, null);
    }

    /** The visible regular files of a folder, sorted by name. */
    static List<String> visibleFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "no such folder");
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    /** The case id nnU-Net derives from an image file name (it does not check that the suffix is {@code _XXXX}). */
    static String caseIdOf(String imageFileName, String fileEnding) {
        return imageFileName.substring(0, imageFileName.length() - fileEnding.length() - CHANNEL_SUFFIX_LENGTH);
    }

    /** Matches exactly the channel files {@code {CASE}_XXXX{ending}} of one case; group 1 is the channel index. */
    static Pattern channelFilePattern(String caseId, String fileEnding) {
        return Pattern.compile(Pattern.quote(caseId) + "_(\\d\\d\\d\\d)" + Pattern.quote(fileEnding));
    }

    private static List<DatasetCase> listCases(Path imagesFolder, String fileEnding, Path labelsFolder)
            throws IOException {
        List<String> files = visibleFiles(imagesFolder).stream()
                .filter(name -> name.endsWith(fileEnding)
                        && name.length() > fileEnding.length() + CHANNEL_SUFFIX_LENGTH)
                .toList();
        TreeSet<String> ids = new TreeSet<>();
        files.forEach(name -> ids.add(caseIdOf(name, fileEnding)));
        List<DatasetCase> cases = new ArrayList<>(ids.size());
        for (String id : ids) {
            Pattern channel = channelFilePattern(id, fileEnding);
            List<Path> images = files.stream()
                    .filter(name -> channel.matcher(name).matches())
                    .map(imagesFolder::resolve)
                    .toList();
            cases.add(new DatasetCase(id, images, labelsFolder == null ? null : labelsFolder.resolve(id + fileEnding)));
        }
        return cases;
    }

    private DatasetCase listedCase(Path datasetFolder, String id, DatasetSpec.CaseFiles files) {
        List<Path> images = files == null || files.images() == null ? List.of()
                : files.images().stream().map(p -> resolveListed(datasetFolder, p)).toList();
        Path label = files == null || files.label() == null ? null : resolveListed(datasetFolder, files.label());
        return new DatasetCase(id, images, label);
    }

    private Path resolveListed(Path datasetFolder, String listed) {
        Path path = Path.of(expandVariables(listed));
        return path.isAbsolute() ? path : datasetFolder.resolve(path).toAbsolutePath().normalize();
    }

    /** Unknown variables stay as written, as in {@code os.path.expandvars}. */
    private String expandVariables(String text) {
        Matcher m = ENV_VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(2) != null ? m.group(2) : m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        return m.appendTail(out).toString();
    }

}
