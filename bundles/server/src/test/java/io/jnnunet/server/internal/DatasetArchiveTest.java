package io.jnnunet.server.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.IntegrityReport;
import io.jnnunet.io.internal.DatasetIntegrityChecker;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.NnunetDatasetReader;
import io.jnnunet.io.internal.PngImageIo;
import io.jnnunet.server.internal.DatasetArchive.Upload;
import io.jnnunet.server.internal.UploadRefusedException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DatasetArchiveTest {

    private static final Path CELLS = Outlines.SAMPLE;
    private static final String[] CASES = {"BBBC039_000", "BBBC039_001"};
    private static final String DATASET_JSON = "{\"channel_names\": {\"0\": \"fluorescence\"}, \"labels\":"
            + " {\"background\": 0, \"cell\": 1}, \"numTraining\": 2, \"file_ending\": \".png\"}";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final DatasetArchive archive = new DatasetArchive(10_000_000, 100);
    private Path raw;

    @Before
    public void createRaw() throws IOException {
        raw = tmp.newFolder("nnUNet_raw").toPath();
    }

    // --- accepted uploads ------------------------------------------------------------------------------------------

    @Test
    public void aZippedDatasetFolderUnpacksHiddenVerifiesAndMovesIntoRaw() throws IOException {
        Map<String, byte[]> entries = dataset("Dataset042_Cells/");

        try (Upload upload = archive.unpack(raw, zip(entries), null)) {
            assertEquals("Dataset042_Cells", upload.name());
            assertEquals(42, upload.id());
            assertEquals("Dataset042_Cells", upload.folder().getFileName().toString());
            assertTrue(upload.folder().getParent().getFileName().toString().startsWith(DatasetArchive.UPLOAD_PREFIX));
            assertEquals("nothing under raw looks like a dataset before accept()", List.of(), datasetsIn(raw));
            IntegrityReport report = verifier().verify(upload.folder());
            assertTrue(report.problems().toString(), report.ok());
            assertEquals(2, report.casesChecked());

            Path accepted = upload.accept();

            assertEquals(raw.resolve("Dataset042_Cells"), accepted);
        }
        assertEquals(List.of("Dataset042_Cells"), children(raw));
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            assertArrayEquals(e.getKey(), e.getValue(), Files.readAllBytes(raw.resolve(e.getKey())));
        }
        assertTrue(verifier().verify(raw.resolve("Dataset042_Cells")).ok());
    }

    @Test
    public void aDatasetAtTheZipsRootTakesTheNameTheCallerGives() throws IOException {
        try (Upload upload = archive.unpack(raw, zip(dataset("")), "Dataset043_Cells")) {
            assertEquals("Dataset043_Cells", upload.folder().getFileName().toString());
            assertTrue(Files.isRegularFile(upload.folder().resolve("imagesTr/BBBC039_000_0000.png")));
            upload.accept();
        }
        assertTrue(Files.isRegularFile(raw.resolve("Dataset043_Cells/dataset.json")));

        UploadRefusedException unnamed = refused(() -> archive.unpack(raw, zip(dataset("")), null));
        assertEquals(Reason.BAD_REQUEST, unnamed.reason());
        assertTrue(unnamed.getMessage(), unnamed.getMessage().contains("dataset.json at its root"));
    }

    @Test
    public void aFolderWrappingTheDatasetFolderAndMacOsMetadataAreFine() throws IOException {
        Map<String, byte[]> entries = dataset("upload/Dataset044_Cells/");
        entries.put("__MACOSX/upload/._dataset.json", new byte[] {1, 2, 3});

        try (Upload upload = archive.unpack(raw, zip(entries), "Dataset999_Ignored")) {
            assertEquals("Dataset044_Cells", upload.name());
            assertEquals(List.of("dataset.json", "imagesTr", "labelsTr"), children(upload.folder()));
        }
        assertEquals("closing without accept() leaves nothing", List.of(), children(raw));
    }

    @Test
    public void backslashesAreSeparatorsAsOldWindowsToolsWriteThem() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("Dataset045_Cells\\dataset.json", DATASET_JSON.getBytes(StandardCharsets.UTF_8));
        entries.put("Dataset045_Cells\\imagesTr\\a.png", new byte[] {1});

        try (Upload upload = archive.unpack(raw, zip(entries), null)) {
            assertTrue(Files.isRegularFile(upload.folder().resolve("imagesTr/a.png")));
        }
    }

    @Test
    public void discardDeletesTheUpload() throws IOException {
        Upload upload = archive.unpack(raw, zip(dataset("Dataset042_Cells/")), null);
        assertEquals(1, children(raw).size());

        upload.discard();

        assertEquals(List.of(), children(raw));
        assertThrows(IllegalStateException.class, upload::accept);
    }

    // --- refused uploads -------------------------------------------------------------------------------------------

    @Test
    public void zipSlipEntriesAreRefusedByName() throws IOException {
        for (String evil : List.of("Dataset042_Cells/../../../../evil.txt", "..\\..\\..\\evil.txt", "/tmp/evil.txt",
                "C:\\evil.txt", "c:evil.txt", "\\\\server\\share\\evil.txt")) {
            Map<String, byte[]> entries = dataset("Dataset042_Cells/");
            entries.put(evil, "owned".getBytes(StandardCharsets.UTF_8));

            UploadRefusedException e = refused(() -> archive.unpack(raw, zip(entries), null));

            assertEquals(evil, Reason.BAD_REQUEST, e.reason());
            assertEquals(400, e.status());
            assertTrue(e.getMessage(), e.getMessage().contains("zip entry " + evil + " "));
        }
        assertEquals("nothing half-unpacked is left", List.of(), children(raw));
        assertFalse(Files.exists(raw.getParent().resolve("evil.txt")));
    }

    @Test
    public void aZipBombIsRefusedWhileInflatingAndQuickly() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("Dataset042_Cells/dataset.json", DATASET_JSON.getBytes(StandardCharsets.UTF_8));
        entries.put("Dataset042_Cells/imagesTr/zeros.png", new byte[50 << 20]);
        byte[] bomb = zip(entries).readAllBytes();
        assertTrue("the bomb is small: " + bomb.length, bomb.length < 100_000);
        DatasetArchive small = new DatasetArchive(1 << 20, 100);

        long start = System.nanoTime();
        UploadRefusedException e = refused(() -> small.unpack(raw, new ByteArrayInputStream(bomb), null));
        double ms = (System.nanoTime() - start) / 1e6;

        assertEquals(Reason.PAYLOAD_TOO_LARGE, e.reason());
        assertEquals(413, e.status());
        assertTrue(e.getMessage(), e.getMessage().contains("more than 1048576 bytes")
                && e.getMessage().contains("at entry Dataset042_Cells/imagesTr/zeros.png"));
        System.out.printf("DatasetArchive: a %d-byte zip of 50 MB refused at 1 MB in %.1f ms%n", bomb.length, ms);
        assertTrue(ms + " ms", ms < 2000);
        assertEquals(List.of(), children(raw));
    }

    @Test
    public void tooManyEntriesAreRefused() throws IOException {
        UploadRefusedException e = refused(() -> new DatasetArchive(10_000_000, 4)
                .unpack(raw, zip(dataset("Dataset042_Cells/")), null));

        assertEquals(Reason.PAYLOAD_TOO_LARGE, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("more than 4 entries"));
        assertEquals(List.of(), children(raw));
    }

    @Test
    public void aFolderNameThatIsNotDatasetXxxNameIsRefused() throws IOException {
        for (String name : List.of("cells", "Dataset42_Cells", "Dataset0042_Cells", "Dataset042_", "Dataset042Cells")) {
            UploadRefusedException e = refused(() -> archive.unpack(raw, zip(dataset(name + "/")), null));

            assertEquals(name, Reason.BAD_REQUEST, e.reason());
            assertTrue(e.getMessage(), e.getMessage().contains("'" + name + "' is not DatasetXXX_Name"));
        }
        UploadRefusedException atRoot = refused(() -> archive.unpack(raw, zip(dataset("")), "Dataset042_a/b"));
        assertTrue(atRoot.getMessage(), atRoot.getMessage().contains("dataset name 'Dataset042_a/b'"));
        assertEquals(List.of(), children(raw));
    }

    @Test
    public void anIdThatRawHoldsAlreadyIsAConflict() throws IOException {
        Files.createDirectory(raw.resolve("Dataset042_Other"));

        UploadRefusedException sameId = refused(() -> archive.unpack(raw, zip(dataset("Dataset042_Cells/")), null));
        Files.createDirectory(raw.resolve("Dataset043_Cells"));
        UploadRefusedException sameName = refused(() -> archive.unpack(raw, zip(dataset("Dataset043_Cells/")), null));

        assertEquals(Reason.CONFLICT, sameId.reason());
        assertEquals(409, sameId.status());
        assertTrue(sameId.getMessage(), sameId.getMessage().contains("id 42 of Dataset042_Cells is taken")
                && sameId.getMessage().contains("Dataset042_Other"));
        assertTrue(sameName.getMessage(), sameName.getMessage().contains("Dataset043_Cells already exists"));
        assertEquals(List.of("Dataset042_Other", "Dataset043_Cells"), children(raw));
    }

    @Test
    public void acceptRefusesAnIdTakenWhileTheUploadWasVerified() throws IOException {
        try (Upload upload = archive.unpack(raw, zip(dataset("Dataset042_Cells/")), null)) {
            Files.createDirectory(raw.resolve("Dataset042_Cells"));

            UploadRefusedException e = refused(upload::accept);

            assertEquals(Reason.CONFLICT, e.reason());
            assertEquals("the other dataset is untouched", List.of(), children(raw.resolve("Dataset042_Cells")));
        }
        assertEquals(List.of("Dataset042_Cells"), children(raw));
    }

    @Test
    public void filesOutsideTheDatasetFolderAreRefused() throws IOException {
        Map<String, byte[]> entries = dataset("Dataset042_Cells/");
        entries.put("notes.txt", new byte[] {1});

        UploadRefusedException e = refused(() -> archive.unpack(raw, zip(entries), null));

        assertEquals(Reason.BAD_REQUEST, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("zip entry notes.txt lies outside the dataset folder"
                + " Dataset042_Cells"));
    }

    @Test
    public void aZipWithoutDatasetJsonOrNotAZipIsRefused() throws IOException {
        Map<String, byte[]> entries = dataset("Dataset042_Cells/");
        entries.remove("Dataset042_Cells/dataset.json");

        UploadRefusedException noJson = refused(() -> archive.unpack(raw, zip(entries), null));
        UploadRefusedException notZip = refused(() -> archive.unpack(raw,
                new ByteArrayInputStream("not a zip".getBytes(StandardCharsets.UTF_8)), null));

        assertTrue(noJson.getMessage(), noJson.getMessage().contains("holds no dataset.json"));
        assertEquals(Reason.BAD_REQUEST, notZip.reason());
        assertEquals(List.of(), children(raw));
    }

    @Test
    public void anEntryTwiceIsRefused() throws IOException {
        Map<String, byte[]> entries = dataset("Dataset042_Cells/");
        // one name in two spellings: java.util.zip refuses to write the same name twice
        entries.put("Dataset042_Cells\\dataset.json", new byte[] {1});

        UploadRefusedException e = refused(() -> archive.unpack(raw, zip(entries), null));

        assertEquals(Reason.BAD_REQUEST, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("is there twice"));
        assertEquals(List.of(), children(raw));
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /** dataset.json and two training cases of the sample, under the prefix. */
    private static Map<String, byte[]> dataset(String prefix) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(prefix + "dataset.json", DATASET_JSON.getBytes(StandardCharsets.UTF_8));
        for (String c : CASES) {
            entries.put(prefix + "imagesTr/" + c + "_0000.png",
                    Files.readAllBytes(CELLS.resolve("imagesTr/" + c + "_0000.png")));
            entries.put(prefix + "labelsTr/" + c + ".png", Files.readAllBytes(CELLS.resolve("labelsTr/" + c + ".png")));
        }
        return entries;
    }

    private static ByteArrayInputStream zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    private static DatasetIntegrityChecker verifier() {
        return new DatasetIntegrityChecker(new NnunetDatasetReader(), ImageIoRegistryComponent.of(new PngImageIo()));
    }

    private interface Call {
        Object run() throws IOException;
    }

    private static UploadRefusedException refused(Call call) {
        return assertThrows(UploadRefusedException.class, call::run);
    }

    private static List<String> children(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> datasetsIn(Path folder) throws IOException {
        return children(folder).stream().filter(n -> n.startsWith("Dataset")).toList();
    }
}
