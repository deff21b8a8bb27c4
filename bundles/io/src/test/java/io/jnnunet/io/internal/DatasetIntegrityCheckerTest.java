package io.jnnunet.io.internal;

import static io.jnnunet.io.internal.NnunetDatasetReaderTest.CELLS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.IntegrityProblem;
import io.jnnunet.api.IntegrityReport;
import io.jnnunet.api.InvalidImageException;
import io.jnnunet.api.SampleType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DatasetIntegrityCheckerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final StubImageIo stub = new StubImageIo();
    private final DatasetIntegrityChecker checker = new DatasetIntegrityChecker(new NnunetDatasetReader(),
            ImageIoRegistryComponent.of(new PngImageIo(), new TiffImageIo(), stub));

    // --- the real sample -----------------------------------------------------------------------------------------

    @Test
    public void sampleDatasetPassesWithoutProblems() {
        IntegrityReport report = checker.verify(CELLS);

        assertEquals(report.problems().toString(), List.of(), report.problems());
        assertTrue(report.ok());
        assertEquals(10, report.casesChecked());
    }

    @Test
    public void verifyChangesNoFileNeitherOfTheSampleNorOfABrokenDataset() throws IOException {
        Path broken = copySample();
        Files.delete(broken.resolve("labelsTr/BBBC039_001.png"));
        Files.write(broken.resolve("imagesTr/BBBC039_002_0000.png"), randomBytes(1000));
        editJson(broken, json -> json.put("numTraining", 3));
        Map<String, String> sampleBefore = snapshot(CELLS);
        Map<String, String> brokenBefore = snapshot(broken);

        checker.verify(CELLS);
        IntegrityReport report = checker.verify(broken);

        assertEquals(3, report.errors().size());
        assertEquals(sampleBefore, snapshot(CELLS));
        assertEquals(brokenBefore, snapshot(broken));
    }

    // --- one planted defect each ---------------------------------------------------------------------------------

    @Test
    public void reportsAMissingLabelFile() throws IOException {
        Path cells = copySample();
        Files.delete(cells.resolve("labelsTr/BBBC039_003.png"));

        IntegrityProblem problem = singleError(checker.verify(cells), cells.resolve("labelsTr/BBBC039_003.png"));

        assertEquals("not all training cases have a label file in labelsTr: case BBBC039_003 needs"
                + " labelsTr/BBBC039_003.png", problem.message());
    }

    @Test
    public void reportsTheMissingChannelFileOfEveryCaseWhenChannelNamesDeclaresTwo() throws IOException {
        Path cells = copySample();
        editJson(cells, json -> json.putObject("channel_names").put("0", "fluorescence").put("1", "brightfield"));

        IntegrityReport report = checker.verify(cells);

        assertEquals(report.problems().toString(), 10, report.problems().size());
        for (int i = 0; i < 10; i++) {
            IntegrityProblem problem = report.errors().get(i);
            String id = String.format("BBBC039_%03d", i);
            assertEquals(cells.resolve("imagesTr/" + id + "_0001.png"), problem.file());
            assertEquals("case " + id + " lacks channel file " + id + "_0001.png: channel_names declares 2 channels,"
                    + " the case has 1 [" + id + "_0000.png]", problem.message());
        }
    }

    @Test
    public void reportsALabelWhoseShapeDiffersFromItsImage() throws IOException {
        Path cells = copySample();
        Path label = cells.resolve("labelsTr/BBBC039_004.png");
        new PngImageIo().write(ImageVolume.of(new int[] {1, 100, 120}, new double[] {999, 1, 1}, SampleType.UINT8,
                new float[100 * 120]), label);

        IntegrityProblem problem = singleError(checker.verify(cells), label);

        assertTrue(problem.message(), problem.message().contains("segmentation [1, 100, 120], of the images"
                + " [1, 520, 696] [BBBC039_004_0000.png]"));
    }

    @Test
    public void reportsLabelValuesNotInDatasetJson() throws IOException {
        Path cells = copySample();
        Path label = cells.resolve("labelsTr/BBBC039_002.png");
        PngImageIo png = new PngImageIo();
        ImageVolume seg = png.readSegmentation(label);
        seg.channel(0)[12345] = 2;
        png.write(seg, label);

        IntegrityProblem problem = singleError(checker.verify(cells), label);

        assertEquals("Unexpected labels found: values [2] are not declared in dataset.json (expected: [0, 1])",
                problem.message());
    }

    @Test
    public void reportsNonConsecutiveLabelsInDatasetJson() throws IOException {
        Path cells = copySample();
        editJson(cells, json -> json.putObject("labels").put("background", 0).put("cell", 2));

        IntegrityProblem problem = singleError(checker.verify(cells), cells.resolve("dataset.json"));

        assertEquals("Labels must be in consecutive order (0, 1, 2, ...); declared values [0, 2], not consecutive:"
                + " [2]", problem.message());
    }

    @Test
    public void reportsNanInAFloatImageNamingFileAndChannel() throws IOException {
        Path dataset = tmp.newFolder("Dataset002_Float").toPath();
        writeJson(dataset, "{\"channel_names\": {\"0\": \"signal\"}, \"labels\": {\"background\": 0, \"spot\": 1},"
                + " \"numTraining\": 2, \"file_ending\": \".tif\"}");
        TiffImageIo tiff = new TiffImageIo();
        for (String id : List.of("a", "b")) {
            float[] image = new float[8 * 8];
            Arrays.fill(image, 0.5f);
            if (id.equals("b")) {
                image[9] = Float.NaN;
            }
            tiff.write(volume(SampleType.FLOAT32, image), dataset.resolve("imagesTr/" + id + "_0000.tif"));
            tiff.write(volume(SampleType.UINT8, new float[8 * 8]), dataset.resolve("labelsTr/" + id + ".tif"));
        }

        IntegrityReport report = checker.verify(dataset);

        IntegrityProblem problem = singleError(report, dataset.resolve("imagesTr/b_0000.tif"));
        assertEquals("Images contain NaN pixel values: channel 0 of case b has 1; replace them with values that make"
                + " sense for your images", problem.message());
        assertEquals(2, report.casesChecked());
    }

    @Test
    public void reportsACorruptPng() throws IOException {
        Path cells = copySample();
        Path image = cells.resolve("imagesTr/BBBC039_005_0000.png");
        Files.write(image, randomBytes(5000));

        IntegrityProblem problem = singleError(checker.verify(cells), image);

        assertTrue(problem.message(), problem.message().startsWith("not a readable PNG: truncated or corrupt"));
    }

    @Test
    public void reportsATruncatedPng() throws IOException {
        Path cells = copySample();
        Path label = cells.resolve("labelsTr/BBBC039_006.png");
        byte[] bytes = Files.readAllBytes(label);
        Files.write(label, Arrays.copyOf(bytes, bytes.length / 2));

        IntegrityProblem problem = singleError(checker.verify(cells), label);

        assertTrue(problem.message(), problem.message().startsWith("not a readable PNG: truncated or corrupt"));
    }

    @Test
    public void reportsAFileWithAnUnknownEnding() throws IOException {
        Path cells = copySample();
        Path jpg = cells.resolve("imagesTr/BBBC039_010_0000.jpg");
        Files.copy(cells.resolve("imagesTr/BBBC039_000_0000.png"), jpg);

        IntegrityProblem problem = singleError(checker.verify(cells), jpg);

        assertEquals("unknown file ending: dataset.json's file_ending is .png, so nnU-Net ignores this file (all"
                + " images and labels of a dataset must be .png files)", problem.message());
    }

    @Test
    public void reportsADatasetJsonWithASyntaxError() throws IOException {
        Path cells = copySample();
        writeJson(cells, "{\"labels\": {\"background\": 0, \"cell\": 1},\n\"numTraining\": 10 \"file_ending\": 1}");

        IntegrityProblem problem = singleError(checker.verify(cells), cells.resolve("dataset.json"));

        assertTrue(problem.message(), problem.message().startsWith(cells.resolve("dataset.json")
                + " is malformed at line 2, column 19: not valid JSON: "));
    }

    @Test
    public void reportsADatasetJsonWithAValueOfTheWrongType() throws IOException {
        Path cells = copySample();
        editJson(cells, json -> json.put("numTraining", "ten"));

        IntegrityReport report = checker.verify(cells);

        IntegrityProblem problem = singleError(report, cells.resolve("dataset.json"));
        assertTrue(problem.message(),
                problem.message().endsWith("key \"numTraining\" must be an integer, not \"ten\""));
        assertEquals(0, report.casesChecked());
    }

    @Test
    public void reportsAWrongNumTraining() throws IOException {
        Path cells = copySample();
        editJson(cells, json -> json.put("numTraining", 12));

        IntegrityProblem problem = singleError(checker.verify(cells), cells.resolve("dataset.json"));

        assertEquals("Did not find the expected number of training cases: numTraining is 12, found 10 in imagesTr."
                + " Examples: [BBBC039_000, BBBC039_001, BBBC039_002, BBBC039_003, BBBC039_004]", problem.message());
    }

    @Test
    public void reportsAMissingRequiredKey() throws IOException {
        Path cells = copySample();
        editJson(cells, json -> json.remove("file_ending"));

        IntegrityProblem problem = singleError(checker.verify(cells), cells.resolve("dataset.json"));

        assertEquals("not all required keys are present: missing [file_ending] (required: [labels, channel_names,"
                + " numTraining, file_ending])", problem.message());
    }

    @Test
    public void reportsAMissingBackgroundLabel() throws IOException {
        Path cells = copySample();
        editJson(cells, json -> json.putObject("labels").put("nucleus", 1));

        IntegrityProblem problem = singleError(checker.verify(cells), cells.resolve("dataset.json"));

        assertEquals("labels has no \"background\" entry; nnU-Net needs \"background\": 0", problem.message());
    }

    @Test
    public void reportsAMissingImagesTrFolder() throws IOException {
        Path cells = copySample();
        try (Stream<Path> files = Files.list(cells.resolve("imagesTr"))) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(cells.resolve("imagesTr"));

        IntegrityReport report = checker.verify(cells);

        IntegrityProblem problem = singleError(report, cells.resolve("imagesTr"));
        assertTrue(problem.message(), problem.message().startsWith("missing: there needs to be a imagesTr subfolder"));
        assertEquals(0, report.casesChecked());
    }

    @Test
    public void reportsAMissingDatasetJson() throws IOException {
        Path cells = copySample();
        Files.delete(cells.resolve("dataset.json"));

        IntegrityProblem problem = singleError(checker.verify(cells), cells.resolve("dataset.json"));

        assertEquals("missing: there needs to be a dataset.json file in folder " + cells, problem.message());
    }

    @Test
    public void reportsAFileEndingWithoutAnInstalledReader() throws IOException {
        DatasetIntegrityChecker tiffOnly = new DatasetIntegrityChecker(new NnunetDatasetReader(),
                ImageIoRegistryComponent.of(new TiffImageIo()));

        IntegrityReport report = tiffOnly.verify(CELLS);

        IntegrityProblem problem = singleError(report, CELLS.resolve("dataset.json"));
        assertEquals("no image reader/writer for file ending '.png' is installed; installed: [.tif, .tiff]",
                problem.message());
        assertEquals(10, report.casesChecked());
    }

    // --- all at once ---------------------------------------------------------------------------------------------

    @Test
    public void reportsEveryPlantedDefectInOneReport() throws IOException {
        Path cells = copySample();
        Files.delete(cells.resolve("labelsTr/BBBC039_003.png"));
        Files.write(cells.resolve("imagesTr/BBBC039_005_0000.png"), randomBytes(3000));
        Files.writeString(cells.resolve("imagesTr/BBBC039_000_0000.jpg"), "not a jpeg either");
        Files.copy(cells.resolve("labelsTr/BBBC039_000.png"), cells.resolve("labelsTr/BBBC039_042.png"));
        editJson(cells, json -> {
            json.put("numTraining", 11);
            json.putObject("labels").put("background", 0).put("cell", 1).put("ignore", 5);
        });

        IntegrityReport report = checker.verify(cells);

        Map<Path, List<String>> byFile = report.problems().stream().collect(Collectors.groupingBy(
                IntegrityProblem::file,
                Collectors.mapping(p -> p.severity() + " " + p.message(), Collectors.toList())));
        assertEquals(report.problems().toString(), 6, report.problems().size());
        assertEquals(10, report.casesChecked());
        assertEquals(2, byFile.get(cells.resolve("dataset.json")).size());
        assertTrue(byFile.toString(), byFile.get(cells.resolve("dataset.json")).contains("ERROR the ignore label must"
                + " be the highest label value, max + 1 = 2, not 5"));
        assertTrue(byFile.toString(), byFile.get(cells.resolve("dataset.json")).get(1).contains("numTraining is 11,"
                + " found 10"));
        assertTrue(byFile.containsKey(cells.resolve("labelsTr/BBBC039_003.png")));
        assertTrue(byFile.containsKey(cells.resolve("imagesTr/BBBC039_005_0000.png")));
        assertTrue(byFile.containsKey(cells.resolve("imagesTr/BBBC039_000_0000.jpg")));
        assertEquals(List.of("WARNING label file without any image: no imagesTr/BBBC039_042_XXXX.png exists; nnU-Net"
                + " ignores this label"), byFile.get(cells.resolve("labelsTr/BBBC039_042.png")));
    }

    // --- checks the sample cannot show: a stub reader returns the volumes a test gives it ------------------------

    @Test
    public void reportsNanNegativeAndFractionalLabelValuesEvenWhenTheReaderAcceptsThem() throws IOException {
        Path dataset = stubDataset("""
                {"channel_names": {"0": "x"}, "labels": {"background": 0, "a": 1}, "numTraining": 1,
                 "file_ending": ".stub"}""", "c");
        stub.put("c.stub", volume(SampleType.FLOAT32, new float[] {0, 1, Float.NaN, -1, 0.5f, 2, 1, 1, 0}));

        IntegrityReport report = checker.verify(dataset);

        Path label = dataset.resolve("labelsTr/c.stub");
        assertEquals(List.of(
                IntegrityProblem.error(label, "Segmentation contains NaN pixel values (1); a label map must hold"
                        + " integers 0, 1, 2, ..."),
                IntegrityProblem.error(label, "Segmentation contains non-integer values [0.5]; a label map must hold"
                        + " integers 0, 1, 2, ..."),
                IntegrityProblem.error(label, "Segmentation contains negative values [-1]; a label map must hold"
                        + " integers 0, 1, 2, ..."),
                IntegrityProblem.error(label, "Unexpected labels found: values [2] are not declared in dataset.json"
                        + " (expected: [0, 1])")), report.problems());
    }

    @Test
    public void acceptsAnRgbFileAsThreeChannelsButNotTwoOfThem() throws IOException {
        Path dataset = stubDataset("""
                {"channel_names": {"0": "R", "1": "G", "2": "B"}, "labels": {"background": 0}, "numTraining": 2,
                 "file_ending": ".stub"}""", "rgb", "two");
        stub.put("rgb_0000.stub", new ImageVolume(new int[] {1, 1, 2}, new double[] {999, 1, 1}, SampleType.UINT8,
                new float[][] {{1, 2}, {3, 4}, {5, 6}}));
        stub.put("two_0000.stub", new ImageVolume(new int[] {1, 1, 2}, new double[] {999, 1, 1}, SampleType.UINT8,
                new float[][] {{1, 2}, {3, 4}}));
        stub.put("rgb.stub", ImageVolume.of(new int[] {1, 1, 2}, new double[] {999, 1, 1}, SampleType.UINT8,
                new float[2]));
        stub.put("two.stub", stub.volumes.get("rgb.stub"));

        IntegrityReport report = checker.verify(dataset);

        IntegrityProblem problem = singleError(report, dataset.resolve("imagesTr/two_0000.stub"));
        assertEquals("Unexpected number of channels: channel_names declares 3, the images of case two have 2"
                + " [two_0000.stub]", problem.message());
    }

    @Test
    public void reportsRegionsWithoutRegionsClassOrderAndSpacingMismatch() throws IOException {
        Path dataset = stubDataset("""
                {"channel_names": {"0": "x"}, "labels": {"background": 0, "whole": [1, 2], "core": 2},
                 "numTraining": 1, "file_ending": ".stub"}""", "c");
        stub.put("c_0000.stub", volume(SampleType.UINT8, new float[9]));
        stub.put("c.stub", new ImageVolume(new int[] {1, 3, 3}, new double[] {999, 1, 1.001}, SampleType.UINT8,
                new float[][] {new float[9]}));

        IntegrityReport report = checker.verify(dataset);

        assertEquals(report.problems().toString(), 2, report.problems().size());
        assertEquals(IntegrityProblem.error(dataset.resolve("dataset.json"), "labels defines regions (labels with a"
                + " list of values) but regions_class_order is missing; it needs one entry per region (2)"),
                report.problems().get(0));
        assertEquals(IntegrityProblem.error(dataset.resolve("labelsTr/c.stub"), "Spacing mismatch between"
                + " segmentation and corresponding images: spacing of the segmentation [999.0, 1.0, 1.001], of the"
                + " images [999.0, 1.0, 1.0] [c_0000.stub]"), report.problems().get(1));
    }

    @Test
    public void reportsAnImageWithoutChannelSuffixAndThePhantomCaseNnunetDerivesFromIt() throws IOException {
        Path dataset = stubDataset("""
                {"channel_names": {"0": "x"}, "labels": {"background": 0}, "numTraining": 1,
                 "file_ending": ".stub"}""", "c");
        Files.writeString(dataset.resolve("imagesTr/readme_file.stub"), "");

        IntegrityReport report = checker.verify(dataset);

        assertEquals(List.of(
                IntegrityProblem.error(dataset.resolve("dataset.json"), "Did not find the expected number of training"
                        + " cases: numTraining is 1, found 2 in imagesTr. Examples: [c, readme]"),
                IntegrityProblem.error(dataset.resolve("imagesTr/readme_file.stub"), "does not follow the naming"
                        + " {CASE}_{XXXX}.stub (XXXX = 4-digit channel index, e.g. case_0000.stub); nnU-Net misreads"
                        + " it"),
                IntegrityProblem.error(dataset.resolve("imagesTr"), "case readme has no channel file readme_XXXX.stub:"
                        + " nnU-Net derived this case id from a file name without the _XXXX channel suffix")),
                report.problems());
    }

    @Test
    public void reportsLabelsWrittenTheNnunetV1Way() throws IOException {
        Path dataset = stubDataset("""
                {"channel_names": {"0": "x"}, "labels": {"0": "background", "1": "cell"}, "numTraining": 1,
                 "file_ending": ".stub"}""", "c");

        IntegrityReport report = checker.verify(dataset);

        assertEquals(3, report.problems().size());
        assertEquals("label \"0\" must be a non-negative integer or a non-empty list of them (a region), not"
                + " \"background\" (nnU-Net v2 maps names to values: {\"background\": 0, \"cell\": 1})",
                report.problems().get(0).message());
        assertEquals("labels has no \"background\" entry; nnU-Net needs \"background\": 0",
                report.problems().get(2).message());
    }

    @Test
    public void checksTheFilesListedInTheDatasetKey() throws IOException {
        Path dataset = tmp.newFolder("Dataset004_Listed").toPath();
        writeJson(dataset, """
                {"channel_names": {"0": "x"}, "labels": {"background": 0}, "numTraining": 2, "file_ending": ".stub",
                 "dataset": {"p": {"images": ["img/p.stub"], "label": "seg/p.stub"},
                             "q": {"images": ["img/q.stub"], "label": "seg/q.stub"}}}""");
        Files.createDirectories(dataset.resolve("img"));
        Files.createDirectories(dataset.resolve("seg"));
        for (String file : List.of("img/p.stub", "seg/p.stub", "seg/q.stub")) {
            Files.writeString(dataset.resolve(file), "");
            stub.put(Path.of(file).getFileName().toString(), volume(SampleType.UINT8, new float[9]));
        }

        IntegrityReport report = checker.verify(dataset);

        assertEquals(List.of(IntegrityProblem.error(dataset.resolve("img/q.stub"), "image of case q listed in"
                + " dataset.json does not exist")), report.problems());
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private Path copySample() throws IOException {
        return NnunetDatasetReaderTest.copySample(tmp.getRoot().toPath());
    }

    /** A dataset of empty files named after the cases, read by {@link #stub}. */
    private Path stubDataset(String json, String... ids) throws IOException {
        Path dataset = tmp.newFolder("Dataset003_Stub").toPath();
        writeJson(dataset, json);
        Files.createDirectories(dataset.resolve("imagesTr"));
        Files.createDirectories(dataset.resolve("labelsTr"));
        for (String id : ids) {
            Files.writeString(dataset.resolve("imagesTr/" + id + "_0000.stub"), "");
            Files.writeString(dataset.resolve("labelsTr/" + id + ".stub"), "");
            stub.put(id + "_0000.stub", volume(SampleType.UINT8, new float[9]));
            stub.put(id + ".stub", volume(SampleType.UINT8, new float[9]));
        }
        return dataset;
    }

    /** A 2-D single-channel volume of 8x8 or 3x3 values. */
    private static ImageVolume volume(SampleType type, float[] values) {
        int side = (int) Math.sqrt(values.length);
        return ImageVolume.of(new int[] {1, side, side}, new double[] {999, 1, 1}, type, values);
    }

    private static void editJson(Path dataset, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(dataset.resolve("dataset.json").toFile());
        edit.accept(json);
        JSON.writeValue(dataset.resolve("dataset.json").toFile(), json);
    }

    private static void writeJson(Path dataset, String json) throws IOException {
        Files.writeString(dataset.resolve("dataset.json"), json);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    /** Asserts the report holds exactly one problem, an error about that file, and returns it. */
    private static IntegrityProblem singleError(IntegrityReport report, Path file) {
        assertEquals(report.problems().toString(), 1, report.problems().size());
        IntegrityProblem problem = report.problems().get(0);
        assertEquals(IntegrityProblem.Severity.ERROR, problem.severity());
        assertEquals(file, problem.file());
        return problem;
    }

    /** Every file and folder below a root with its size and modification time. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> state = new HashMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                state.put(root.relativize(p).toString(), a.size() + " " + a.lastModifiedTime().toMillis());
            }
        }
        return state;
    }

    /** Reads the volumes a test put in, by file name; an unknown file is an invalid image. */
    private static final class StubImageIo implements ImageIo {
        private final Map<String, ImageVolume> volumes = new HashMap<>();

        void put(String fileName, ImageVolume volume) {
            volumes.put(fileName, volume);
        }

        @Override
        public String name() {
            return "StubImageIo";
        }

        @Override
        public List<String> fileEndings() {
            return List.of(".stub");
        }

        @Override
        public ImageVolume readImages(List<Path> channelFiles) throws IOException {
            List<float[]> channels = new ArrayList<>();
            ImageVolume first = null;
            for (Path file : channelFiles) {
                ImageVolume v = readSegmentation(file);
                first = first == null ? v : first;
                channels.addAll(Arrays.asList(v.channels()));
            }
            return new ImageVolume(first.shape(), first.spacing(), first.sampleType(),
                    channels.toArray(float[][]::new));
        }

        @Override
        public ImageVolume readSegmentation(Path file) throws IOException {
            ImageVolume v = volumes.get(file.getFileName().toString());
            if (v == null) {
                throw new InvalidImageException(file, "no stub volume");
            }
            return v;
        }

        @Override
        public void write(ImageVolume volume, Path file) {
            throw new UnsupportedOperationException();
        }
    }
}
