package io.jnnunet.io.internal;

import static io.jnnunet.api.IntegrityProblem.error;
import static io.jnnunet.api.IntegrityProblem.warning;
import static io.jnnunet.io.internal.NnunetDatasetReader.IMAGES_TR;
import static io.jnnunet.io.internal.NnunetDatasetReader.LABELS_TR;

import io.jnnunet.api.DatasetCase;
import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.DatasetVerifier;
import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.IntegrityProblem;
import io.jnnunet.api.IntegrityReport;
import io.jnnunet.api.InvalidImageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * nnU-Net's {@code verify_dataset_integrity} (reference section 1.5). Unlike nnU-Net it does not stop at the first
 * failed assertion: every check that still makes sense runs, and all findings come back in one report. Reads only.
 *
 * <p>Severity: everything nnU-Net rejects, and every file it would silently skip or misread (a wrong ending, a name
 * without {@code _XXXX}), is an ERROR; a label file without any image is a WARNING, as nnU-Net ignores it harmlessly.
 */
@Component(service = DatasetVerifier.class)
public class DatasetIntegrityChecker implements DatasetVerifier {

    private static final List<String> REQUIRED_KEYS = List.of("labels", "channel_names", "numTraining",
            "file_ending");
    private static final int EXAMPLES = 5;
    private static final double SPACING_RTOL = 1e-5;
    private static final double SPACING_ATOL = 1e-8;

    private final DatasetReader reader;
    private final ImageIoRegistry registry;

    @Activate
    public DatasetIntegrityChecker(@Reference DatasetReader reader, @Reference ImageIoRegistry registry) {
        this.reader = reader;
        this.registry = registry;
    }

    /** What every case is checked against; null (or 0 channels) means unknown: that check is skipped. */
    private record Expectations(Path datasetJson, Path imagesFolder, String fileEnding, int channels, ImageIo io,
            BitSet labels) {
    }

    @Override
    public IntegrityReport verify(Path datasetFolder) {
        List<IntegrityProblem> problems = new ArrayList<>();
        int casesChecked = 0;
        try {
            casesChecked = check(datasetFolder, problems);
        } catch (RuntimeException e) {
            problems.add(error(datasetFolder, "the check failed unexpectedly: " + describe(e)));
        }
        return new IntegrityReport(datasetFolder, casesChecked, problems);
    }

    /** Runs all checks, adding what it finds; returns the number of cases examined. */
    private int check(Path folder, List<IntegrityProblem> problems) {
        if (!Files.isDirectory(folder)) {
            problems.add(error(folder, "the dataset folder does not exist"));
            return 0;
        }
        Path json = folder.resolve(DatasetReader.DATASET_JSON);
        DatasetSpec spec;
        try {
            spec = reader.readDatasetJson(folder);
        } catch (NoSuchFileException e) {
            problems.add(error(json, "missing: there needs to be a dataset.json file in folder " + folder));
            return 0;
        } catch (IOException e) {
            problems.add(error(json, e.getMessage()));
            return 0;
        }
        boolean listed = spec.dataset() != null;
        boolean imagesTrPresent = listed || requireFolder(folder.resolve(IMAGES_TR), problems);
        boolean labelsTrPresent = listed || requireFolder(folder.resolve(LABELS_TR), problems);
        checkRequiredKeys(json, spec, problems);
        BitSet labels = spec.labels() == null ? null : checkLabelDeclaration(json, spec, problems);
        ImageIo io = spec.fileEnding() == null ? null : imageIo(json, spec.fileEnding(), problems);
        if (!imagesTrPresent || !labelsTrPresent || (!listed && spec.fileEnding() == null)) {
            return 0;
        }
        List<DatasetCase> cases;
        try {
            cases = reader.trainingCases(folder, spec);
        } catch (IOException e) {
            problems.add(error(folder, "cannot list the training cases: " + e.getMessage()));
            return 0;
        }
        if (spec.numTraining() != null && spec.numTraining() != cases.size()) {
            problems.add(error(json, "Did not find the expected number of training cases: numTraining is "
                    + spec.numTraining() + ", found " + cases.size() + (listed ? " in the dataset key" : " in "
                    + IMAGES_TR) + ". Examples: " + cases.stream().limit(EXAMPLES).map(DatasetCase::id).toList()));
        }
        if (!listed) {
            checkFolderContents(folder, spec.fileEnding(), cases, problems);
        }
        Expectations expected = new Expectations(json, listed ? null : folder.resolve(IMAGES_TR),
                spec.fileEnding(), spec.numberOfChannels(), io, labels);
        problems.addAll(checkCases(folder, cases, expected));
        return cases.size();
    }

    private static boolean requireFolder(Path folder, List<IntegrityProblem> problems) {
        if (Files.isDirectory(folder)) {
            return true;
        }
        problems.add(error(folder, "missing: there needs to be a " + folder.getFileName()
                + " subfolder in the dataset folder (or a dataset key in dataset.json listing the files)"));
        return false;
    }

    private static void checkRequiredKeys(Path json, DatasetSpec spec, List<IntegrityProblem> problems) {
        List<Object> values = Arrays.asList(spec.labels(), spec.channelNames(), spec.numTraining(),
                spec.fileEnding());
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < REQUIRED_KEYS.size(); i++) {
            if (values.get(i) == null) {
                missing.add(REQUIRED_KEYS.get(i));
            }
        }
        if (!missing.isEmpty()) {
            problems.add(error(json, "not all required keys are present: missing " + missing + " (required: "
                    + REQUIRED_KEYS + ")"));
        }
    }

    /**
     * The rules of nnU-Net's LabelManager and the consecutive-labels assertion.
     *
     * @return the label values a label file may hold (ignore label included), or null when the declaration itself
     *     is wrong: then comparing files against it would only repeat the same mistake once per file
     */
    private static BitSet checkLabelDeclaration(Path json, DatasetSpec spec, List<IntegrityProblem> problems) {
        int before = problems.size();
        Map<String, Object> declared = spec.labels();
        TreeSet<Integer> all = new TreeSet<>();
        Integer ignore = null;
        boolean hasRegions = false;
        int regions = 0;
        for (Map.Entry<String, Object> entry : declared.entrySet()) {
            Object value = entry.getValue();
            if (DatasetSpec.IGNORE.equals(entry.getKey())) {
                ignore = labelValue(value);
                if (ignore == null) {
                    problems.add(error(json, "the ignore label must be one non-negative integer, not "
                            + quoted(value)));
                }
                continue;
            }
            List<Integer> values = labelValues(value);
            if (values == null) {
                problems.add(error(json, "label \"" + entry.getKey() + "\" must be a non-negative integer or a"
                        + " non-empty list of them (a region), not " + quoted(value)
                        + " (nnU-Net v2 maps names to values: {\"background\": 0, \"cell\": 1})"));
                continue;
            }
            all.addAll(values);
            hasRegions |= value instanceof List<?> && values.size() > 1;
            if (values.stream().anyMatch(v -> v != 0)) {
                regions++;
            }
        }
        if (!declared.containsKey("background")) {
            problems.add(error(json, "labels has no \"background\" entry; nnU-Net needs \"background\": 0"));
        } else if (declared.get("background") instanceof List<?>) {
            problems.add(error(json, "the background label must be 0, not a list (a region): "
                    + declared.get("background")));
        } else if (!Integer.valueOf(0).equals(labelValue(declared.get("background")))) {
            problems.add(error(json, "the background label must be 0, not " + quoted(declared.get("background"))));
        }
        if (ignore != null && !all.isEmpty() && ignore != all.last() + 1) {
            problems.add(error(json, "the ignore label must be the highest label value, max + 1 = "
                    + (all.last() + 1) + ", not " + ignore));
        }
        if (hasRegions) {
            List<Integer> order = spec.regionsClassOrder();
            if (order == null) {
                problems.add(error(json, "labels defines regions (labels with a list of values) but"
                        + " regions_class_order is missing; it needs one entry per region (" + regions + ")"));
            } else if (order.size() != regions) {
                problems.add(error(json, "regions_class_order has " + order.size() + " entries but labels defines "
                        + regions + " regions; it needs one entry per region"));
            }
        }
        List<Integer> notConsecutive = new ArrayList<>();
        Integer previous = null;
        for (int value : all) {
            if (previous != null && value != previous + 1) {
                notConsecutive.add(value);
            }
            previous = value;
        }
        if (!notConsecutive.isEmpty()) {
            problems.add(error(json, "Labels must be in consecutive order (0, 1, 2, ...); declared values " + all
                    + ", not consecutive: " + notConsecutive));
        }
        if (problems.size() > before) {
            return null;
        }
        BitSet allowed = new BitSet();
        all.forEach(allowed::set);
        if (ignore != null) {
            allowed.set(ignore);
        }
        return allowed;
    }

    /** A JSON number that is a non-negative integer, else null. */
    private static Integer labelValue(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d >= 0 && d <= Integer.MAX_VALUE && d == Math.rint(d)) {
                return (int) d;
            }
        }
        return null;
    }

    /** The values of a label (one) or region (several), or null when any is not a label value. */
    private static List<Integer> labelValues(Object value) {
        List<?> raw = value instanceof List<?> list ? list : Arrays.asList(value);
        List<Integer> values = new ArrayList<>(raw.size());
        for (Object v : raw) {
            Integer label = labelValue(v);
            if (label == null) {
                return null;
            }
            values.add(label);
        }
        return values.isEmpty() ? null : values;
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private ImageIo imageIo(Path json, String fileEnding, List<IntegrityProblem> problems) {
        try {
            return registry.require(fileEnding);
        } catch (IllegalArgumentException e) {
            problems.add(error(json, e.getMessage()));
            return null;
        }
    }

    /** Files in imagesTr and labelsTr that nnU-Net would skip or misread. */
    private static void checkFolderContents(Path folder, String fileEnding, List<DatasetCase> cases,
            List<IntegrityProblem> problems) {
        Pattern channelFile = Pattern.compile(".+_\\d\\d\\d\\d" + Pattern.quote(fileEnding));
        Path images = folder.resolve(IMAGES_TR);
        for (String name : listOrReport(images, problems)) {
            if (!name.endsWith(fileEnding)) {
                problems.add(error(images.resolve(name), wrongEnding(fileEnding)));
            } else if (!channelFile.matcher(name).matches()) {
                problems.add(error(images.resolve(name), "does not follow the naming {CASE}_{XXXX}" + fileEnding
                        + " (XXXX = 4-digit channel index, e.g. case_0000" + fileEnding + "); nnU-Net misreads it"));
            }
        }
        Set<String> ids = new HashSet<>();
        cases.forEach(c -> ids.add(c.id()));
        Path labels = folder.resolve(LABELS_TR);
        for (String name : listOrReport(labels, problems)) {
            if (!name.endsWith(fileEnding)) {
                problems.add(error(labels.resolve(name), wrongEnding(fileEnding)));
            } else {
                String id = name.substring(0, name.length() - fileEnding.length());
                if (!ids.contains(id)) {
                    problems.add(warning(labels.resolve(name), "label file without any image: no " + IMAGES_TR
                            + "/" + id + "_XXXX" + fileEnding + " exists; nnU-Net ignores this label"));
                }
            }
        }
    }

    private static String wrongEnding(String fileEnding) {
        return "unknown file ending: dataset.json's file_ending is " + fileEnding + ", so nnU-Net ignores this file"
                + " (all images and labels of a dataset must be " + fileEnding + " files)";
    }

    private static List<String> listOrReport(Path folder, List<IntegrityProblem> problems) {
        try {
            return NnunetDatasetReader.visibleFiles(folder);
        } catch (IOException e) {
            problems.add(error(folder, "cannot list the folder: " + describe(e)));
            return List.of();
        }
    }

    /** Checks the cases on a bounded pool, one case in memory per worker; results in case order. */
    private List<IntegrityProblem> checkCases(Path folder, List<DatasetCase> cases, Expectations expected) {
        List<IntegrityProblem> problems = new ArrayList<>();
        if (cases.isEmpty()) {
            return problems;
        }
        int workers = Math.min(cases.size(), Runtime.getRuntime().availableProcessors());
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, task -> {
            Thread t = new Thread(task, "jnnunet-verify-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<IntegrityProblem>>> results = new ArrayList<>(cases.size());
            for (DatasetCase c : cases) {
                results.add(pool.submit(() -> checkCase(c, expected)));
            }
            for (int i = 0; i < cases.size(); i++) {
                try {
                    problems.addAll(results.get(i).get());
                } catch (ExecutionException e) {
                    problems.add(error(fileOf(cases.get(i), folder), "checking case " + cases.get(i).id()
                            + " failed: " + describe(e.getCause())));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add(error(folder, "the check was interrupted; not all cases were checked"));
        } finally {
            pool.shutdownNow();
        }
        return problems;
    }

    private static Path fileOf(DatasetCase c, Path fallback) {
        return c.label() != null ? c.label() : c.images().isEmpty() ? fallback : c.images().get(0);
    }

    private List<IntegrityProblem> checkCase(DatasetCase c, Expectations expected) {
        List<IntegrityProblem> problems = new ArrayList<>();
        try {
            boolean imagesPresent = checkCaseFilesPresent(c, expected, problems);
            boolean labelPresent = c.label() != null && Files.isRegularFile(c.label());
            if (expected.io() == null) {
                return problems;
            }
            ImageVolume images = imagesPresent ? read(c.images().get(0), () -> expected.io().readImages(c.images()),
                    problems) : null;
            ImageVolume seg = labelPresent ? read(c.label(), () -> expected.io().readSegmentation(c.label()),
                    problems) : null;
            if (images != null) {
                checkFinite(c, images, problems);
                checkChannelCount(c, images, expected, problems);
            }
            if (seg != null) {
                checkLabelValues(c.label(), seg, expected.labels(), problems);
            }
            if (images != null && seg != null) {
                checkGeometry(c, images, seg, problems);
            }
        } catch (RuntimeException e) {
            problems.add(error(fileOf(c, expected.datasetJson()), "checking case " + c.id() + " failed unexpectedly: "
                    + describe(e)));
        }
        return problems;
    }

    /** Reports missing files; true when the case has image files and all of them exist. */
    private static boolean checkCaseFilesPresent(DatasetCase c, Expectations expected,
            List<IntegrityProblem> problems) {
        boolean listed = expected.imagesFolder() == null;
        if (c.images().isEmpty() && !listed) {
            // a phantom case: the misnamed file it came from is reported already, its missing label would be noise
            problems.add(error(expected.imagesFolder(), "case " + c.id() + " has no channel file " + c.id() + "_XXXX"
                    + expected.fileEnding() + ": nnU-Net derived this case id from a file name without the _XXXX"
                    + " channel suffix"));
            return false;
        }
        if (c.images().isEmpty()) {
            problems.add(error(expected.datasetJson(), "case " + c.id() + " lists no images"));
        }
        boolean imagesPresent = !c.images().isEmpty();
        for (Path image : c.images()) {
            if (!Files.isRegularFile(image)) {
                problems.add(error(image, "image of case " + c.id() + " listed in dataset.json does not exist"));
                imagesPresent = false;
            }
        }
        if (c.label() == null) {
            problems.add(error(expected.datasetJson(), "case " + c.id() + " lists no label"));
        } else if (!Files.isRegularFile(c.label())) {
            problems.add(error(c.label(), listed ? "label of case " + c.id() + " listed in dataset.json does not exist"
                    : "not all training cases have a label file in " + LABELS_TR + ": case " + c.id()
                            + " needs " + LABELS_TR + "/" + c.label().getFileName()));
        }
        if (!listed) {
            missingChannelFiles(c, expected, 0, maxChannelIndex(c, expected) + 1).forEach(missing -> problems.add(
                    error(missing, "case " + c.id() + " lacks channel file " + missing.getFileName()
                            + " between its other channel files " + fileNames(c.images()))));
        }
        return imagesPresent;
    }

    /** The files {CASE}_{XXXX} for channel indices in [from, to) that the case does not have. */
    private static List<Path> missingChannelFiles(DatasetCase c, Expectations expected, int from, int to) {
        BitSet present = channelIndices(c, expected);
        List<Path> missing = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (!present.get(i)) {
                missing.add(expected.imagesFolder().resolve(String.format("%s_%04d%s", c.id(), i,
                        expected.fileEnding())));
            }
        }
        return missing;
    }

    private static int maxChannelIndex(DatasetCase c, Expectations expected) {
        return channelIndices(c, expected).length() - 1;
    }

    private static BitSet channelIndices(DatasetCase c, Expectations expected) {
        Pattern pattern = NnunetDatasetReader.channelFilePattern(c.id(), expected.fileEnding());
        BitSet present = new BitSet();
        for (Path image : c.images()) {
            Matcher m = pattern.matcher(image.getFileName().toString());
            if (m.matches()) {
                present.set(Integer.parseInt(m.group(1)));
            }
        }
        return present;
    }

    @FunctionalInterface
    private interface VolumeRead {
        ImageVolume read() throws IOException;
    }

    /** Reads a volume, reporting an unreadable file instead of throwing. */
    private static ImageVolume read(Path file, VolumeRead read, List<IntegrityProblem> problems) {
        try {
            return read.read();
        } catch (InvalidImageException e) {
            problems.add(error(e.file() != null ? e.file() : file, e.problem()));
        } catch (IOException | RuntimeException e) {
            problems.add(error(file, "cannot be read: " + describe(e)));
        }
        return null;
    }

    private static void checkFinite(DatasetCase c, ImageVolume images, List<IntegrityProblem> problems) {
        for (int ch = 0; ch < images.channelCount(); ch++) {
            int nan = 0;
            int infinite = 0;
            for (float v : images.channel(ch)) {
                if (Float.isNaN(v)) {
                    nan++;
                } else if (Float.isInfinite(v)) {
                    infinite++;
                }
            }
            // one file per channel is the rule; a multi-channel file (RGB) holds several
            Path file = images.channelCount() == c.images().size() ? c.images().get(ch) : c.images().get(0);
            if (nan > 0) {
                problems.add(error(file, "Images contain NaN pixel values: channel " + ch + " of case " + c.id()
                        + " has " + nan + "; replace them with values that make sense for your images"));
            }
            if (infinite > 0) {
                problems.add(error(file, "Images contain infinite pixel values: channel " + ch + " of case "
                        + c.id() + " has " + infinite + "; replace them with finite values"));
            }
        }
    }

    private static void checkChannelCount(DatasetCase c, ImageVolume images, Expectations expected,
            List<IntegrityProblem> problems) {
        int declared = expected.channels();
        int found = images.channelCount();
        if (declared == 0 || found == declared) {
            return;
        }
        // with one channel per file, the channels beyond the last file are missing files; an RGB file is not
        List<Path> missing = expected.imagesFolder() != null && found == c.images().size() && found < declared
                ? missingChannelFiles(c, expected, maxChannelIndex(c, expected) + 1, declared) : List.of();
        for (Path file : missing) {
            problems.add(error(file, "case " + c.id() + " lacks channel file " + file.getFileName()
                    + ": channel_names declares " + declared + " channels, the case has " + found + " "
                    + fileNames(c.images())));
        }
        if (missing.isEmpty()) {
            problems.add(error(c.images().get(0), "Unexpected number of channels: channel_names declares "
                    + declared + ", the images of case " + c.id() + " have " + found + " " + fileNames(c.images())));
        }
    }

    private static void checkLabelValues(Path label, ImageVolume seg, BitSet allowed,
            List<IntegrityProblem> problems) {
        if (seg.channelCount() != 1) {
            problems.add(error(label, "a label map must have exactly one channel, this one has "
                    + seg.channelCount()));
        }
        Samples nonInteger = new Samples();
        Samples negative = new Samples();
        Samples unexpected = new Samples();
        long nan = 0;
        float last = Float.NaN;
        for (float v : seg.channel(0)) {
            if (Float.isNaN(v)) {
                nan++;
                continue;
            }
            if (v == last) {
                continue; // label maps are mostly runs of one value
            }
            last = v;
            if (Float.isInfinite(v) || v != Math.rint(v)) {
                nonInteger.add(v);
            } else if (v < 0) {
                negative.add(v);
            } else if (allowed != null && (v > Integer.MAX_VALUE - 1 || !allowed.get((int) v))) {
                unexpected.add(v);
            }
        }
        if (nan > 0) {
            problems.add(error(label, "Segmentation contains NaN pixel values (" + nan + "); a label map must hold"
                    + " integers 0, 1, 2, ..."));
        }
        if (!nonInteger.isEmpty()) {
            problems.add(error(label, "Segmentation contains non-integer values " + nonInteger
                    + "; a label map must hold integers 0, 1, 2, ..."));
        }
        if (!negative.isEmpty()) {
            problems.add(error(label, "Segmentation contains negative values " + negative
                    + "; a label map must hold integers 0, 1, 2, ..."));
        }
        if (!unexpected.isEmpty()) {
            problems.add(error(label, "Unexpected labels found: values " + unexpected
                    + " are not declared in dataset.json (expected: " + allowed.stream().boxed().toList() + ")"));
        }
    }

    private static void checkGeometry(DatasetCase c, ImageVolume images, ImageVolume seg,
            List<IntegrityProblem> problems) {
        if (!Arrays.equals(images.shape(), seg.shape())) {
            problems.add(error(c.label(), "Shape mismatch between segmentation and corresponding images: shape"
                    + " of the segmentation " + Arrays.toString(seg.shape()) + ", of the images "
                    + Arrays.toString(images.shape()) + " " + fileNames(c.images())));
        }
        if (!allClose(seg.spacing(), images.spacing())) {
            problems.add(error(c.label(), "Spacing mismatch between segmentation and corresponding images: spacing"
                    + " of the segmentation " + Arrays.toString(seg.spacing()) + ", of the images "
                    + Arrays.toString(images.spacing()) + " " + fileNames(c.images())));
        }
    }

    /** numpy's {@code allclose(a, b)}: |a - b| <= atol + rtol * |b| element-wise. */
    private static boolean allClose(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= SPACING_ATOL + SPACING_RTOL * Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> fileNames(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).toList();
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** The distinct offending values of a label file, the first few of them, for a message. */
    private static final class Samples {
        private static final int LIMIT = 10;
        private final TreeSet<Float> values = new TreeSet<>();
        private boolean more;

        void add(float v) {
            if (values.size() < LIMIT) {
                values.add(v);
            } else if (!values.contains(v)) {
                more = true;
            }
        }

        boolean isEmpty() {
            return values.isEmpty();
        }

        @Override
        public String toString() {
            List<String> shown = values.stream()
                    .map(v -> v == Math.rint(v) && !v.isInfinite() ? String.valueOf(v.longValue()) : v.toString())
                    .toList();
            return more ? shown + " and more" : shown.toString();
        }
    }
}
