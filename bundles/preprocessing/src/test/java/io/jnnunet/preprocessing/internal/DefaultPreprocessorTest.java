package io.jnnunet.preprocessing.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.CaseProperties;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.PreprocessedCase;
import io.jnnunet.api.SampleType;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.NnunetDatasetReader;
import io.jnnunet.io.internal.PngImageIo;
import io.jnnunet.formats.NpyArrays;
import io.jnnunet.formats.PreprocessedCaseFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DefaultPreprocessorTest {

    private static final Path CELLS = Path.of("../../sample-data/Dataset001_Cells").toAbsolutePath().normalize();
    private static final String DATA_IDENTIFIER = "nnUNetPlans_2d";
    private static final DatasetSpec ONE_LABEL = DatasetSpec.of(Map.of("0", "CT"),
            Map.of("background", 0, "lesion", 1), 1, ".tif");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void datasetRunWritesEveryCaseAndLeavesNoTemporaryFolder() throws IOException {
        Path preprocessed = tmp.getRoot().toPath().resolve("Dataset001_Cells");
        List<long[]> progress = Collections.synchronizedList(new ArrayList<>());

        Path folder = TestPlans.preprocessor().preprocessDataset(CELLS, preprocessed, TestPlans.cells2d(),
                TestPlans.CONFIGURATION, 2, new ProgressListener() {
            @Override
            public void update(String task, long done, long total) {
                progress.add(new long[] {done, total});
            }
        });

        assertEquals(preprocessed.resolve(DATA_IDENTIFIER), folder);
        assertEquals(List.of("gt_segmentations", DATA_IDENTIFIER), list(preprocessed));
        List<String> files = list(folder);
        assertEquals(30, files.size());
        for (int i = 0; i < 10; i++) {
            String id = "BBBC039_00" + i;
            assertTrue(files.containsAll(List.of(id + ".npy", id + "_seg.npy", id + ".json")));
            assertTrue(Files.exists(preprocessed.resolve("gt_segmentations/" + id + ".png")));
        }
        PreprocessedCaseFiles first = PreprocessedCaseFiles.of(folder, "BBBC039_000");
        assertArrayEquals(new int[] {1, 1, 520, 696}, NpyArrays.readFloat32(first.data()).shape());
        assertArrayEquals(new int[] {1, 1, 520, 696}, NpyArrays.mapInt16(first.seg()).shape());
        CaseProperties properties = new NnunetJson().read(first.properties(), CaseProperties.class);
        assertEquals(10000, properties.classLocations().get("1").length);
        assertEquals(10, progress.size());
        assertArrayEquals(new long[] {10, 10}, progress.get(9));
    }

    @Test
    public void aNewRunReplacesTheFolderAndRefreshesOnlyOutdatedGroundTruth() throws IOException {
        Path preprocessed = tmp.getRoot().toPath().resolve("pp");
        Path stale = Files.createDirectories(preprocessed.resolve(DATA_IDENTIFIER)).resolve("old_case.npy");
        Files.writeString(stale, "stale");
        Path gt = Files.createDirectories(preprocessed.resolve("gt_segmentations"));
        Path outdated = Files.writeString(gt.resolve("BBBC039_001.png"), "outdated");
        Files.setLastModifiedTime(outdated, FileTime.fromMillis(0));
        Path current = Files.writeString(gt.resolve("BBBC039_002.png"), "newer than the label");

        TestPlans.preprocessor().preprocessDataset(CELLS, preprocessed, TestPlans.cells2d(),
                TestPlans.CONFIGURATION, 1, ProgressListener.NONE);

        assertFalse(Files.exists(stale));
        assertEquals(30, list(preprocessed.resolve(DATA_IDENTIFIER)).size());
        assertArrayEquals(Files.readAllBytes(CELLS.resolve("labelsTr/BBBC039_001.png")), Files.readAllBytes(outdated));
        assertEquals("newer than the label", Files.readString(current));
        assertEquals(List.of("gt_segmentations", DATA_IDENTIFIER), list(preprocessed));
    }

    @Test
    public void aCorruptCaseLeavesNoOutputFolderAndNamesTheFile() throws IOException {
        Path raw = copyOfCells();
        Path corrupt = raw.resolve("imagesTr/BBBC039_003_0000.png");
        byte[] png = Files.readAllBytes(corrupt);
        Files.write(corrupt, java.util.Arrays.copyOf(png, 200));
        Path preprocessed = tmp.getRoot().toPath().resolve("pp");

        IOException e = assertThrows(IOException.class, () -> TestPlans.preprocessor().preprocessDataset(raw,
                preprocessed, TestPlans.cells2d(), TestPlans.CONFIGURATION, 2, ProgressListener.NONE));

        assertTrue(e.getMessage(), e.getMessage().contains("BBBC039_003")
                && e.getMessage().contains(corrupt.toString()));
        assertFalse("no output at all: " + (Files.exists(preprocessed) ? list(preprocessed) : "[]"),
                Files.exists(preprocessed));
    }

    @Test
    public void aFailedRunKeepsThePreviousFolderAndRemovesItsStaging() throws IOException {
        Path raw = copyOfCells();
        Files.write(raw.resolve("labelsTr/BBBC039_007.png"), new byte[] {1, 2, 3});
        Path preprocessed = tmp.getRoot().toPath().resolve("pp");
        Path previous = Files.createDirectories(preprocessed.resolve(DATA_IDENTIFIER)).resolve("BBBC039_000.npy");
        Files.writeString(previous, "previous run");

        IOException e = assertThrows(IOException.class, () -> TestPlans.preprocessor().preprocessDataset(raw,
                preprocessed, TestPlans.cells2d(), TestPlans.CONFIGURATION, 2, ProgressListener.NONE));

        assertTrue(e.getMessage(), e.getMessage().contains("labelsTr/BBBC039_007.png"));
        assertEquals(List.of(DATA_IDENTIFIER), list(preprocessed));
        assertEquals("previous run", Files.readString(previous));
    }

    @Test
    public void twoWorkersPreprocessTwoCasesAtATimeAndNoMore() throws IOException {
        AtomicInteger reading = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        ImageIo slowPng = new PngImageIo() {
            @Override
            public ImageVolume readImages(List<Path> channelFiles) throws IOException {
                mostAtOnce.accumulateAndGet(reading.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(50);
                    return super.readImages(channelFiles);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    reading.decrementAndGet();
                }
            }
        };
        DefaultPreprocessor preprocessor = new DefaultPreprocessor(new NnunetDatasetReader(),
                ImageIoRegistryComponent.of(slowPng), TestPlans.allNormalizations());

        preprocessor.preprocessDataset(CELLS, tmp.getRoot().toPath().resolve("pp"), TestPlans.cells2d(),
                TestPlans.CONFIGURATION, 2, ProgressListener.NONE);

        assertEquals(2, mostAtOnce.get());
    }

    @Test
    public void aMissingNormalizationSchemeIsNamedWithTheInstalledOnes() {
        DefaultPreprocessor preprocessor = new DefaultPreprocessor(new NnunetDatasetReader(),
                ImageIoRegistryComponent.of(new PngImageIo()), List.of(new ZScoreNormalization()));
        ImageVolume image = volume(new int[] {1, 2, 2}, new double[] {999, 1, 1}, 1, 2, 3, 4);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> preprocessor.preprocessCase(
                "case", image, null, TestPlans.plans2d("[1.0, 1.0]", "CTNormalization", "[0, 1, 2]"),
                TestPlans.CONFIGURATION, ONE_LABEL));
        assertTrue(e.getMessage(), e.getMessage().contains("'CTNormalization'")
                && e.getMessage().contains("[ZScoreNormalization]"));
    }

    @Test
    public void transposesCropsAndResamplesToTheConfigurationsSpacing() {
        // (x, y, z) = (2, 3, 4) with a zero border along z, transposed with [2, 0, 1] to (4, 2, 3)
        float[] values = new float[24];
        float[] labels = new float[24];
        for (int x = 0; x < 2; x++) {
            for (int y = 0; y < 3; y++) {
                for (int z = 1; z < 4; z++) {
                    values[(x * 3 + y) * 4 + z] = 100 + x * 12 + y * 4 + z;
                    labels[(x * 3 + y) * 4 + z] = y == 1 ? 1 : 0;
                }
            }
        }
        ImageVolume image = new ImageVolume(new int[] {2, 3, 4}, new double[] {1, 2, 3}, SampleType.UINT16,
                new float[][] {values});
        ImageVolume seg = new ImageVolume(new int[] {2, 3, 4}, new double[] {1, 2, 3}, SampleType.UINT8,
                new float[][] {labels});

        // 2d configuration: in-plane spacing (0.5, 1) after the transposition; the first axis keeps spacing 3
        PreprocessedCase result = TestPlans.preprocessor().preprocessCase("case", image, seg,
                TestPlans.plans2d("[0.5, 1.0]", "NoNormalization", "[2, 0, 1]"), TestPlans.CONFIGURATION, ONE_LABEL);

        CaseProperties p = result.properties();
        assertArrayEquals(new double[] {1, 2, 3}, p.spacing(), 0);
        assertArrayEquals(new int[] {4, 2, 3}, p.shapeBeforeCropping());
        assertArrayEquals(new int[][] {{1, 4}, {0, 2}, {0, 3}}, p.bboxUsedForCropping());
        assertArrayEquals(new int[] {3, 2, 3}, p.shapeAfterCroppingAndBeforeResampling());
        assertArrayEquals(new int[] {3, 4, 6}, result.data().shape());
        assertArrayEquals(new double[] {3, 0.5, 1}, result.data().spacing(), 0);
        // the transposed value at (z=1, x=0, y=0) is 101; with order 3 and edge extension the corner stays 101
        assertEquals(101f, result.data().channel(0)[0], 1e-4f);
        assertEquals(3 * 4 * 6, result.seg().length);
        // label 1 on y == 1: after resampling y = 1.5 -> columns 2 and 3 of 6
        for (int[] location : p.classLocations().get("1")) {
            assertEquals(0, location[0]);
            assertTrue(location[3] == 2 || location[3] == 3);
        }
    }

    @Test
    public void inferenceCasesHaveNeitherSegmentationNorLocations() {
        ImageVolume image = volume(new int[] {1, 2, 2}, new double[] {999, 1, 1}, 1, 2, 3, 4);
        PreprocessedCase result = TestPlans.preprocessor().preprocessCase("case", image, null,
                TestPlans.cells2d(), TestPlans.CONFIGURATION, ONE_LABEL);
        assertNull(result.seg());
        assertNull(result.properties().classLocations());
        assertArrayEquals(new float[] {-1.3416407f, -0.4472136f, 0.4472136f, 1.3416407f}, result.data().channel(0),
                1e-6f);
    }

    private static ImageVolume volume(int[] shape, double[] spacing, float... values) {
        return ImageVolume.of(shape, spacing, SampleType.FLOAT32, values);
    }

    private Path copyOfCells() throws IOException {
        Path raw = tmp.newFolder("Dataset001_Cells").toPath();
        Files.copy(CELLS.resolve("dataset.json"), raw.resolve("dataset.json"));
        for (String sub : List.of("imagesTr", "labelsTr")) {
            Files.createDirectories(raw.resolve(sub));
            try (Stream<Path> files = Files.list(CELLS.resolve(sub))) {
                for (Path f : files.toList()) {
                    Files.copy(f, raw.resolve(sub).resolve(f.getFileName()));
                }
            }
        }
        return raw;
    }

    /** Every entry of a folder, hidden ones included, sorted. */
    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
