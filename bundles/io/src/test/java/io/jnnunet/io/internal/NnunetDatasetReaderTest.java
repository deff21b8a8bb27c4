package io.jnnunet.io.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.DatasetCase;
import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NnunetDatasetReaderTest {

    /** The real sample dataset; read only, tests that change it work on {@link #copySample}. */
    static final Path CELLS = Path.of("../../sample-data/Dataset001_Cells").toAbsolutePath().normalize();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final NnunetDatasetReader reader = new NnunetDatasetReader();

    /** A writable copy of the sample's dataset.json, imagesTr and labelsTr in {@code parent/Dataset001_Cells}. */
    static Path copySample(Path parent) throws IOException {
        assertTrue("sample dataset missing: " + CELLS, Files.isDirectory(CELLS));
        Path copy = Files.createDirectories(parent.resolve(CELLS.getFileName()));
        Files.copy(CELLS.resolve(DatasetReader.DATASET_JSON), copy.resolve(DatasetReader.DATASET_JSON));
        for (String folder : List.of(NnunetDatasetReader.IMAGES_TR, NnunetDatasetReader.LABELS_TR)) {
            Files.createDirectories(copy.resolve(folder));
            try (Stream<Path> files = Files.list(CELLS.resolve(folder))) {
                for (Path file : files.toList()) {
                    Path target = copy.resolve(folder).resolve(file.getFileName());
                    Files.copy(file, target);
                    // the sample files are read-only and the copy inherits that
                    target.toFile().setWritable(true);
                }
            }
        }
        copy.resolve(DatasetReader.DATASET_JSON).toFile().setWritable(true);
        return copy;
    }

    @Test
    public void listsTheSampleCasesWithOneChannelFileAndALabelEach() throws IOException {
        DatasetSpec spec = reader.readDatasetJson(CELLS);
        List<DatasetCase> cases = reader.trainingCases(CELLS, spec);

        List<String> expectedIds = IntStream.range(0, 10).mapToObj(i -> String.format("BBBC039_%03d", i)).toList();
        assertEquals(expectedIds, cases.stream().map(DatasetCase::id).toList());
        for (DatasetCase c : cases) {
            assertEquals(List.of(CELLS.resolve("imagesTr").resolve(c.id() + "_0000.png")), c.images());
            assertEquals(CELLS.resolve("labelsTr").resolve(c.id() + ".png"), c.label());
        }
    }

    @Test
    public void readsTheSampleDatasetJsonIncludingKeysItDoesNotKnow() throws IOException {
        DatasetSpec spec = reader.readDatasetJson(CELLS);

        assertEquals(Map.of("0", "fluorescence"), spec.channelNames());
        assertEquals(Map.of("background", 0, "cell", 1), spec.labels());
        assertEquals(Integer.valueOf(10), spec.numTraining());
        assertEquals(".png", spec.fileEnding());
        assertEquals("BBBC039_U2OS_nuclei", spec.name());
        assertEquals(5, spec.other().get("numTest"));
    }

    @Test
    public void roundTripKeepsUnknownKeysAndIsPrettyPrinted() throws IOException {
        Path folder = tmp.newFolder("Dataset002_Keys").toPath();
        write(folder, """
                {"channel_names": {"0": "CT"}, "labels": {"background": 0, "tumour": [1, 2], "ignore": 3},
                 "regions_class_order": [1], "numTraining": 2, "file_ending": ".nii.gz",
                 "numTest": 5, "citation": "Someone 2024", "extra": {"nested": [1, "x"]}}""");
        DatasetSpec spec = reader.readDatasetJson(folder);

        reader.writeDatasetJson(spec, folder);
        DatasetSpec again = reader.readDatasetJson(folder);

        assertEquals(spec, again);
        assertEquals(5, again.other().get("numTest"));
        assertEquals("Someone 2024", again.other().get("citation"));
        assertEquals(Map.of("nested", List.of(1, "x")), again.other().get("extra"));
        String text = Files.readString(folder.resolve("dataset.json"));
        assertTrue(text, text.contains("\n    \"numTraining\": 2,"));
        assertTrue(text, text.contains("\"citation\": \"Someone 2024\""));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals("no temporary file left", List.of(folder.resolve("dataset.json")), files.toList());
        }
    }

    @Test
    public void readsTheLegacyModalityKeyAsChannelNames() throws IOException {
        Path folder = tmp.newFolder("Dataset003_Legacy").toPath();
        write(folder, """
                {"modality": {"0": "T1", "1": "T2"}, "labels": {"background": 0}, "numTraining": 0,
                 "file_ending": ".nii.gz"}""");

        DatasetSpec spec = reader.readDatasetJson(folder);

        assertEquals(Map.of("0", "T1", "1", "T2"), spec.channelNames());
        assertEquals(2, spec.numberOfChannels());
        assertTrue(spec.other().isEmpty());
    }

    @Test
    public void missingDatasetJsonIsNoSuchFileNamingTheFolder() throws IOException {
        Path folder = tmp.newFolder("Dataset004_Empty").toPath();

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> reader.readDatasetJson(folder));

        assertEquals(folder.resolve("dataset.json").toString(), e.getFile());
        assertTrue(e.getMessage(),
                e.getMessage().contains("There needs to be a dataset.json file in folder " + folder));
    }

    @Test
    public void malformedJsonNamesTheFileAndTheLineAndColumn() throws IOException {
        Path folder = tmp.newFolder("Dataset005_Syntax").toPath();
        write(folder, "{\n  \"labels\": {\"background\": 0,,\n}");

        IOException e = assertThrows(IOException.class, () -> reader.readDatasetJson(folder));

        assertTrue(e.getMessage(),
                e.getMessage().startsWith(folder.resolve("dataset.json") + " is malformed at line 2,"));
        assertTrue(e.getMessage(), e.getMessage().contains("not valid JSON"));
        assertEquals("one line, no excerpt or stack trace", 1, e.getMessage().lines().count());
    }

    @Test
    public void wrongTypeNamesTheKeyTheExpectedTypeAndTheValue() throws IOException {
        Path folder = tmp.newFolder("Dataset006_Type").toPath();
        write(folder, "{\"labels\": {\"background\": 0},\n \"numTraining\": \"ten\"}");

        IOException e = assertThrows(IOException.class, () -> reader.readDatasetJson(folder));

        assertEquals(folder.resolve("dataset.json") + " is malformed at line 2, column 17: key \"numTraining\" must"
                + " be an integer, not \"ten\"", e.getMessage());
    }

    @Test
    public void anObjectWhereAListBelongsIsNamedByItsPath() throws IOException {
        Path folder = tmp.newFolder("Dataset007_Listing").toPath();
        write(folder, "{\"dataset\": {\"a\": {\"images\": {\"x\": 1}, \"label\": \"a.png\"}}}");

        IOException e = assertThrows(IOException.class, () -> reader.readDatasetJson(folder));

        assertTrue(e.getMessage(), e.getMessage().endsWith("key \"dataset.a.images\" has the wrong type; it must be"
                + " a list [...]"));
    }

    @Test
    public void caseListingFollowsNnunetNamingAndSkipsHiddenFiles() throws IOException {
        Path images = tmp.newFolder("imagesTs").toPath();
        for (String name : List.of("b_0000.png", "a_0001.png", "a_0000.png", "ab_0000.png", "case_1_0000.png",
                ".hidden_0000.png", "a_0000.png.bak", "notes.txt")) {
            Files.writeString(images.resolve(name), "");
        }

        List<DatasetCase> cases = reader.imageCases(images, ".png");

        assertEquals(List.of("a", "ab", "b", "case_1"), cases.stream().map(DatasetCase::id).toList());
        assertEquals(List.of(images.resolve("a_0000.png"), images.resolve("a_0001.png")), cases.get(0).images());
        assertEquals(List.of(images.resolve("ab_0000.png")), cases.get(1).images());
        assertNull(cases.get(0).label());
    }

    @Test
    public void datasetKeyListsFilesRelativeAbsoluteAndWithEnvironmentVariables() throws IOException {
        Path folder = tmp.newFolder("Dataset008_Listed").toPath();
        Path elsewhere = tmp.newFolder("elsewhere").toPath();
        write(folder, """
                {"channel_names": {"0": "x"}, "labels": {"background": 0, "a": 1}, "numTraining": 2,
                 "file_ending": ".png", "dataset": {
                   "one": {"images": ["imgs/one.png"], "label": "../segs/one.png"},
                   "two": {"images": ["$STORE/two.png", "${STORE}/two_b.png"], "label": "%s/two.png"}}}"""
                .formatted(elsewhere));
        NnunetDatasetReader withEnv = new NnunetDatasetReader(Map.of("STORE", elsewhere.toString())::get);

        List<DatasetCase> cases = withEnv.trainingCases(folder, withEnv.readDatasetJson(folder));

        assertEquals(List.of(new DatasetCase("one", List.of(folder.resolve("imgs/one.png")),
                        folder.resolveSibling("segs/one.png")),
                new DatasetCase("two", List.of(elsewhere.resolve("two.png"), elsewhere.resolve("two_b.png")),
                        elsewhere.resolve("two.png"))), cases);
    }

    @Test
    public void unknownVariablesStayAsWritten() throws IOException {
        Path folder = tmp.newFolder("Dataset009_Vars").toPath();
        write(folder, "{\"dataset\": {\"c\": {\"images\": [\"$NOPE/c.png\"], \"label\": \"c.png\"}}}");
        NnunetDatasetReader withoutEnv = new NnunetDatasetReader(name -> null);

        List<DatasetCase> cases = withoutEnv.trainingCases(folder, withoutEnv.readDatasetJson(folder));

        assertEquals(List.of(folder.resolve("$NOPE/c.png")), cases.get(0).images());
    }

    private static void write(Path folder, String json) throws IOException {
        Files.writeString(folder.resolve("dataset.json"), json);
    }
}
