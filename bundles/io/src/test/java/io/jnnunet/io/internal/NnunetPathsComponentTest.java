package io.jnnunet.io.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NnunetPathsComponentTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final Function<String, String> NO_ENV = name -> null;

    private Path raw;

    @Before
    public void createRawFolder() throws IOException {
        raw = tmp.newFolder("raw").toPath();
        Files.createDirectories(raw.resolve("Dataset001_Cells"));
        Files.createDirectories(raw.resolve("Dataset002_Heart"));
        Files.createDirectories(raw.resolve("Dataset010_Lung"));
        Files.writeString(raw.resolve("Dataset003_NotAFolder"), "");
    }

    @Test
    public void configuredFolderBeatsEnvironmentWhichBeatsKarafData() {
        Map<String, String> env = Map.of("nnUNet_raw", "/env/raw", "nnUNet_preprocessed", "/env/pre",
                "nnUNet_results", "/env/results");
        Map<String, String> props = Map.of("karaf.data", "/karaf/data", "user.dir", "/work");

        NnunetPathsComponent configured = new NnunetPathsComponent("/cfg/raw", "/cfg/pre", "/cfg/results",
                env::get, props::get);
        NnunetPathsComponent fromEnv = new NnunetPathsComponent("", " ", "", env::get, props::get);
        NnunetPathsComponent defaults = new NnunetPathsComponent("", "", "", NO_ENV, props::get);

        assertEquals(Path.of("/cfg/raw"), configured.raw());
        assertEquals(Path.of("/cfg/pre"), configured.preprocessed());
        assertEquals(Path.of("/cfg/results"), configured.results());
        assertEquals(Path.of("/env/raw"), fromEnv.raw());
        assertEquals(Path.of("/env/pre"), fromEnv.preprocessed());
        assertEquals(Path.of("/env/results"), fromEnv.results());
        assertEquals(Path.of("/karaf/data/nnUNet_raw"), defaults.raw());
        assertEquals(Path.of("/karaf/data/nnUNet_preprocessed"), defaults.preprocessed());
        assertEquals(Path.of("/karaf/data/nnUNet_results"), defaults.results());
    }

    @Test
    public void withoutKarafDataTheDefaultIsDataInTheWorkingDirectory() {
        NnunetPathsComponent paths = new NnunetPathsComponent("", "", "", NO_ENV, Map.of("user.dir", "/work")::get);

        assertEquals(Path.of("/work/data/nnUNet_raw"), paths.raw());
        assertEquals(Path.of("/work/data/nnUNet_results"), paths.results());
    }

    /** Config Admin's edit reaches {@code @Modified}: the same instance serves the new folders. */
    @Test
    public void anEditChangesTheFoldersInPlace() {
        Map<String, String> env = Map.of("nnUNet_results", "/env/results");
        NnunetPathsComponent paths = new NnunetPathsComponent("/cfg/raw", "/cfg/pre", "/cfg/results", env::get,
                Map.of("karaf.data", "/karaf/data")::get);

        paths.configure(raw.toString(), "", " ");

        assertEquals(raw, paths.raw());
        assertEquals(Path.of("/karaf/data/nnUNet_preprocessed"), paths.preprocessed());
        assertEquals(Path.of("/env/results"), paths.results());
        assertEquals(raw.resolve("Dataset002_Heart"), paths.rawDataset("2"));
    }

    @Test
    public void resolvesIdsFullNamesAndPaths() throws IOException {
        NnunetPathsComponent paths = withRaw(raw);
        Path cells = raw.resolve("Dataset001_Cells");
        Path elsewhere = tmp.newFolder("Dataset099_Elsewhere").toPath();

        assertEquals(cells, paths.rawDataset("1"));
        assertEquals(cells, paths.rawDataset("001"));
        assertEquals(cells, paths.rawDataset(" Dataset001_Cells "));
        assertEquals(raw.resolve("Dataset010_Lung"), paths.rawDataset("10"));
        assertEquals(cells, paths.rawDataset(cells.toString()));
        assertEquals(elsewhere, paths.rawDataset(elsewhere.toString()));
    }

    @Test
    public void ambiguousIdNamesTheRawFolderAndTheCandidates() throws IOException {
        Files.createDirectories(raw.resolve("Dataset001_Other"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withRaw(raw).rawDataset("1"));

        assertEquals("dataset id 1 is ambiguous: raw folder " + raw + " has several folders starting with"
                + " Dataset001_: [Dataset001_Cells, Dataset001_Other]", e.getMessage());
    }

    @Test
    public void unknownIdNamesTheRawFolderAndListsTheDatasetsThere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withRaw(raw).rawDataset("3"));

        assertEquals("no dataset with id 3: no folder starting with Dataset003_ in raw folder " + raw
                + "; datasets there: [Dataset001_Cells, Dataset002_Heart, Dataset010_Lung]", e.getMessage());
    }

    @Test
    public void unknownNameNamesTheRawFolder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withRaw(raw).rawDataset("Dataset001_Cell"));

        assertTrue(e.getMessage(), e.getMessage().startsWith("no dataset folder Dataset001_Cell in raw folder "
                + raw + "; datasets there: [Dataset001_Cells,"));
    }

    @Test
    public void textThatIsNoIdNameOrFolderSaysWhatWasTried() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withRaw(raw).rawDataset("Cells"));

        assertTrue(e.getMessage(), e.getMessage().startsWith("'Cells' is neither an existing folder, nor a dataset"
                + " name DatasetXXX_Name, nor a dataset id; raw folder " + raw));
    }

    @Test
    public void missingRawFolderSaysHowToSetIt() {
        Path missing = raw.resolve("nope");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withRaw(missing).rawDataset("1"));

        assertTrue(e.getMessage(), e.getMessage().endsWith("in raw folder " + missing + "; that folder does not exist"
                + " (set raw in etc/io.jnnunet.paths.cfg or the environment variable nnUNet_raw)"));
    }

    private static NnunetPathsComponent withRaw(Path raw) {
        return new NnunetPathsComponent(raw.toString(), "", "", NO_ENV, Map.of("user.dir", "/work")::get);
    }
}
