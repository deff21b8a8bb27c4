package io.jnnunet.fingerprint.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.Fingerprint;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.IntensityProperties;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SampleType;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.NnunetDatasetReader;
import io.jnnunet.io.internal.PngImageIo;
import io.jnnunet.io.internal.TiffImageIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The fingerprint against numpy running nnU-Net's recipe ({@code rs = np.random.RandomState(1234)} per case,
 * {@code rs.choice(image[c][seg > 0], int(10e7 // cases))} per channel, then {@code np.percentile}, {@code np.mean},
 * {@code np.std} of the concatenation) on the same data. numpy's mean and std of the float32 concatenation come from
 * float32 pairwise sums; ours are taken in double, so they are compared with the float64 values to 1e-9.
 */
public class DatasetFingerprintExtractorTest {

    private static final Path CELLS = Path.of("../../sample-data/Dataset001_Cells");
    private static final Path FULL_CELLS = Path.of("../../../shared/data/cells");
    private static final int SYNTHETIC_SAMPLES = 1000;

    private static Fingerprint cells;
    private static final List<String> PROGRESS = new ArrayList<>();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static DatasetFingerprintExtractor extractor() {
        return new DatasetFingerprintExtractor(new NnunetDatasetReader(),
                ImageIoRegistryComponent.of(new PngImageIo(), new TiffImageIo()));
    }

    /** With fewer foreground samples in all, for the float datasets, whose samples are kept one by one. */
    private static DatasetFingerprintExtractor extractor(int foregroundSamples) {
        return new DatasetFingerprintExtractor(new NnunetDatasetReader(),
                ImageIoRegistryComponent.of(new PngImageIo(), new TiffImageIo()), foregroundSamples);
    }

    @BeforeClass
    public static void extractCells() throws IOException {
        cells = extractor().extract(CELLS, 2, new ProgressListener() {
            @Override
            public void update(String task, long done, long total) {
                PROGRESS.add(task + " " + done + "/" + total);
            }
        });
    }

    @Test
    public void cellsGiveNumpysIntensityStatistics() {
        IntensityProperties p = cells.foregroundIntensityPropertiesPerChannel().get("0");
        assertEquals(4095, p.max(), 0);
        assertEquals(144, p.min(), 0);
        assertEquals(634, p.median(), 0);
        assertEquals(261, p.percentile005(), 0);
        assertEquals(1534, p.percentile995(), 0);
        // numpy float64: 666.91854713, 233.28196142651058; float32 (what nnU-Net stores): 666.9185180664062,
        // 233.28196716308594
        assertEquals(666.91854713, p.mean(), 1e-9);
        assertEquals(233.28196142651058, p.std(), 1e-9);
        assertEquals(666.9185180664062, p.mean(), 1e-4);
        assertEquals(233.28196716308594, p.std(), 1e-4);
        assertEquals(List.of("0"), List.copyOf(cells.foregroundIntensityPropertiesPerChannel().keySet()));
    }

    @Test
    public void cellsAreNotCroppedAndKeepThe2dSpacing() {
        assertEquals(10, cells.shapesAfterCrop().size());
        for (int[] shape : cells.shapesAfterCrop()) {
            assertArrayEquals(new int[] {1, 520, 696}, shape);
        }
        assertEquals(10, cells.spacings().size());
        for (double[] spacing : cells.spacings()) {
            assertArrayEquals(new double[] {999, 1, 1}, spacing, 0);
        }
        assertEquals(1.0, cells.medianRelativeSizeAfterCropping(), 0);
    }

    @Test
    public void progressIsReportedPerCase() {
        List<String> expected = new ArrayList<>();
        for (int done = 1; done <= 10; done++) {
            expected.add("fingerprint " + done + "/10");
        }
        assertEquals(expected, PROGRESS);
    }

    @Test
    public void oneWorkerGivesTheSameFingerprintAsTwo() throws IOException {
        Fingerprint one = extractor().extract(CELLS, 1, ProgressListener.NONE);
        assertEquals(cells.foregroundIntensityPropertiesPerChannel(), one.foregroundIntensityPropertiesPerChannel());
        assertEquals(cells.medianRelativeSizeAfterCropping(), one.medianRelativeSizeAfterCropping(), 0);
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(cells.shapesAfterCrop().get(i), one.shapesAfterCrop().get(i));
            assertArrayEquals(cells.spacings().get(i), one.spacings().get(i), 0);
        }
    }

    @Test
    public void writtenJsonHasNnunetsKeysAndLayout() throws IOException {
        Path file = tmp.getRoot().toPath().resolve(Fingerprint.FILE_NAME);
        new NnunetJson().write(file, cells);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        // the sample has labelsTr_instances: jnnunet's median_object_diameter joins nnU-Net's keys
        assertEquals(List.of("foreground_intensity_properties_per_channel", "median_object_diameter",
                "median_relative_size_after_cropping", "shapes_after_crop", "spacings"), names(root));
        JsonNode spacing = root.get("spacings").get(0);
        assertEquals(3, spacing.size());
        assertTrue(spacing.get(0).isFloatingPointNumber());
        assertEquals(999.0, spacing.get(0).doubleValue(), 0);
        JsonNode shape = root.get("shapes_after_crop").get(9);
        assertEquals(3, shape.size());
        assertTrue(shape.get(2).isInt());
        assertEquals(696, shape.get(2).intValue());
        JsonNode channel = root.get("foreground_intensity_properties_per_channel").get("0");
        assertEquals(List.of("max", "mean", "median", "min", "percentile_00_5", "percentile_99_5", "std"),
                names(channel));
        assertEquals(634.0, channel.get("median").doubleValue(), 0);
        assertTrue(root.get("median_relative_size_after_cropping").isFloatingPointNumber());
        assertTrue(Files.readString(file).startsWith("{\n    \"foreground_intensity_properties_per_channel\": {"));
    }

    @Test
    public void cropsTo3dNonzeroRegionWithFilledHolesAndSamplesEveryChannelFromOneStream() throws IOException {
        Path dataset = syntheticDataset(SampleType.FLOAT32, true);
        Fingerprint fp = extractor(SYNTHETIC_SAMPLES).extract(dataset, 2, ProgressListener.NONE);
        // case a: the box [1,4) x [1,5) x [1,6) of (5, 7, 8); case b: no zeros, not cropped
        assertArrayEquals(new int[] {3, 4, 5}, fp.shapesAfterCrop().get(0));
        assertArrayEquals(new int[] {3, 4, 5}, fp.shapesAfterCrop().get(1));
        assertArrayEquals(new double[] {2.5, 0.5, 0.75}, fp.spacings().get(0), 0);
        assertArrayEquals(new double[] {3.0, 0.5, 0.75}, fp.spacings().get(1), 0);
        assertEquals((60.0 / 280 + 1) / 2, fp.medianRelativeSizeAfterCropping(), 0);
        assertNull(fp.medianObjectDiameter());
        // the filled hole (value 0) is foreground, the label outside the box is not
        Map<String, IntensityProperties> channels = fp.foregroundIntensityPropertiesPerChannel();
        assertStatistics(new IntensityProperties(35.25, 20.05475, 16.5, 0, 0, 35.25, 11.384411049215501),
                channels.get("0"));
        assertStatistics(new IntensityProperties(80.5, 52.16970009994507, 54, 0, 0, 80.5, 17.4618679952191),
                channels.get("1"));
    }

    @Test
    public void integerAndFloatCasesInOneDatasetGiveTheFloatStatistics() throws IOException {
        Fingerprint floats = extractor(SYNTHETIC_SAMPLES).extract(syntheticDataset(SampleType.FLOAT32, true), 1,
                ProgressListener.NONE);
        Fingerprint mixed = extractor(SYNTHETIC_SAMPLES).extract(syntheticDataset(SampleType.UINT16, true), 1,
                ProgressListener.NONE);
        assertEquals(floats.foregroundIntensityPropertiesPerChannel(), mixed.foregroundIntensityPropertiesPerChannel());
    }

    @Test
    public void aSingleCaseDatasetGetsAllSamples() throws IOException {
        Fingerprint fp = extractor(SYNTHETIC_SAMPLES).extract(syntheticDataset(SampleType.FLOAT32, false), 2,
                ProgressListener.NONE);
        assertEquals(1, fp.shapesAfterCrop().size());
        assertEquals(60.0 / 280, fp.medianRelativeSizeAfterCropping(), 0);
        Map<String, IntensityProperties> channels = fp.foregroundIntensityPropertiesPerChannel();
        assertStatistics(new IntensityProperties(35.25, 26.56825, 33, 0, 0, 35.25, 12.414815924430776),
                channels.get("0"));
        assertStatistics(new IntensityProperties(80.5, 54.28550016403198, 60.400001525878906, 0, 0, 80.5,
                23.33475824884109), channels.get("1"));
    }

    @Test
    public void instanceLabelsGiveTheMedianObjectDiameterOverAllCases() throws IOException {
        Path dataset = pngDataset(2);
        assertNull(extractor().extract(dataset, 1, ProgressListener.NONE).medianObjectDiameter());
        Path instances = Files.createDirectories(dataset.resolve(DatasetFingerprintExtractor.INSTANCES_TR));
        // c000: objects of 1 and 4 px; c001: one of 9 px; median over the three objects: the 4 px one
        float[] c000 = new float[20];
        c000[0] = 3;
        c000[2] = c000[3] = c000[7] = c000[8] = 1;
        float[] c001 = new float[20];
        for (int i : new int[] {0, 1, 2, 5, 6, 7, 10, 11, 12}) {
            c001[i] = 300;
        }
        PngImageIo png = new PngImageIo();
        png.write(ImageVolume.of(new int[] {1, 4, 5}, new double[] {999, 1, 1}, SampleType.UINT16, c000),
                instances.resolve("c000.png"));
        png.write(ImageVolume.of(new int[] {1, 4, 5}, new double[] {999, 1, 1}, SampleType.UINT16, c001),
                instances.resolve("c001.png"));
        assertEquals(Math.sqrt(16 / Math.PI), extractor().extract(dataset, 2, ProgressListener.NONE)
                .medianObjectDiameter(), 1e-12);

        Files.delete(instances.resolve("c001.png"));
        IOException e = assertThrows(IOException.class, () -> extractor().extract(dataset, 1, ProgressListener.NONE));
        assertEquals("cannot read the instance labels of case c001: " + instances.resolve("c001.png")
                + " does not exist", e.getMessage());
    }

    @Test
    public void cellsNucleiAreAboutTwentyEightPixelsAcross() {
        // the sample's nuclei: median area 637 px (a circle of 28.5 px diameter)
        assertEquals(28.479, cells.medianObjectDiameter(), 1e-3);
    }

    @Test
    public void datasetWithoutForegroundIsRejected() throws IOException {
        Path dataset = pngDataset(2);
        Path label = dataset.resolve("labelsTr/c000.png");
        new PngImageIo().write(ImageVolume.of(new int[] {1, 4, 5}, new double[] {999, 1, 1}, SampleType.UINT8,
                new float[20]), label);
        new PngImageIo().write(ImageVolume.of(new int[] {1, 4, 5}, new double[] {999, 1, 1}, SampleType.UINT8,
                new float[20]), dataset.resolve("labelsTr/c001.png"));
        IOException e = assertThrows(IOException.class, () -> extractor().extract(dataset, 2, ProgressListener.NONE));
        assertTrue(e.getMessage(), e.getMessage().startsWith("no case has foreground voxels, so intensity statistics"
                + " cannot be computed: check labelsTr"));
    }

    @Test
    public void corruptImageFailsNamingCaseAndFile() throws IOException {
        Path dataset = pngDataset(3);
        Path corrupt = dataset.resolve("imagesTr/c001_0000.png");
        Files.write(corrupt, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> extractor().extract(dataset, 2, ProgressListener.NONE));
        assertTrue(e.getMessage(), e.getMessage().startsWith("cannot read the images of case c001: " + corrupt));
    }

    @Test
    public void missingLabelFailsNamingCaseAndFile() throws IOException {
        Path dataset = pngDataset(2);
        Path label = dataset.resolve("labelsTr/c000.png");
        Files.delete(label);
        IOException e = assertThrows(IOException.class, () -> extractor().extract(dataset, 1, ProgressListener.NONE));
        assertEquals("cannot read the segmentation of case c000: " + label + " does not exist", e.getMessage());
    }

    @Test
    public void caseWithAnotherChannelCountThanDatasetJsonIsRejected() throws IOException {
        Path dataset = pngDataset(2);
        Files.copy(dataset.resolve("imagesTr/c001_0000.png"), dataset.resolve("imagesTr/c001_0001.png"));
        IOException e = assertThrows(IOException.class, () -> extractor().extract(dataset, 1, ProgressListener.NONE));
        assertTrue(e.getMessage(), e.getMessage().startsWith("case c001 has 2 channel(s) but dataset.json declares 1"
                + " in channel_names"));
    }

    @Test
    public void fullCellsGiveNumpysIntensityStatistics() throws IOException {
        assumeTrue("the 100-case set is not here", Files.isDirectory(FULL_CELLS));
        Fingerprint fp = extractor().extract(FULL_CELLS, 2, ProgressListener.NONE);
        assertEquals(100, fp.spacings().size());
        // BBBC039_072 has no foreground: it adds no samples (numpy then concatenates in float64, as we compute)
        IntensityProperties p = fp.foregroundIntensityPropertiesPerChannel().get("0");
        assertStatistics(new IntensityProperties(4095, 650.4804866666667, 615, 119, 253, 1524, 231.0123199229849),
                p);
        assertEquals(1.0, fp.medianRelativeSizeAfterCropping(), 0);
    }

    /** Order statistics exactly, mean and std to 1e-9 (numpy's float64 values; ours are summed in another order). */
    private static void assertStatistics(IntensityProperties expected, IntensityProperties actual) {
        assertEquals(expected.max(), actual.max(), 0);
        assertEquals(expected.min(), actual.min(), 0);
        assertEquals(expected.median(), actual.median(), 0);
        assertEquals(expected.percentile005(), actual.percentile005(), 0);
        assertEquals(expected.percentile995(), actual.percentile995(), 0);
        assertEquals(expected.mean(), actual.mean(), 1e-9);
        assertEquals(expected.std(), actual.std(), 1e-9);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    /**
     * Two channels per case, labels background 0, cell 1, ignore 2. Case {@code a}: (5, 7, 8) float32, zero outside
     * the box [1,4) x [1,5) x [1,6) and at the enclosed hole (2, 3, 3); channel 0 = 0.25 (i + 1), channel 1 =
     * 100 - 0.3 i at C-order index i; label 1 on x = 2, y in [2,4), z in [2,5) (holding the hole) and at (0, 0, 0)
     * outside the box, ignore at (1, 1, 1). Case {@code b} (unless {@code onlyA}): (3, 4, 5) with no zeros, channel 0
     * = 7 + i % 13, channel 1 = 50 + i % 5 in {@code typeOfB}, label 1 where i % 3 == 0.
     */
    private Path syntheticDataset(SampleType typeOfB, boolean withB) throws IOException {
        Path dataset = tmp.newFolder().toPath();
        Files.createDirectories(dataset.resolve("imagesTr"));
        Files.createDirectories(dataset.resolve("labelsTr"));
        TiffImageIo tiff = new TiffImageIo();

        int[] shapeA = {5, 7, 8};
        double[] spacingA = {2.5, 0.5, 0.75};
        float[] a0 = new float[280];
        float[] a1 = new float[280];
        float[] segA = new float[280];
        for (int x = 0; x < 5; x++) {
            for (int y = 0; y < 7; y++) {
                for (int z = 0; z < 8; z++) {
                    int i = (x * 7 + y) * 8 + z;
                    boolean inBox = x >= 1 && x < 4 && y >= 1 && y < 5 && z >= 1 && z < 6;
                    boolean hole = x == 2 && y == 3 && z == 3;
                    if (inBox && !hole) {
                        a0[i] = (float) (0.25 * (i + 1));
                        a1[i] = (float) (100 - 0.3 * i);
                    }
                    if (x == 2 && y >= 2 && y < 4 && z >= 2 && z < 5) {
                        segA[i] = 1;
                    }
                }
            }
        }
        segA[0] = 1;
        segA[(1 * 7 + 1) * 8 + 1] = 2;
        tiff.write(ImageVolume.of(shapeA, spacingA, SampleType.FLOAT32, a0), dataset.resolve("imagesTr/a_0000.tif"));
        tiff.write(ImageVolume.of(shapeA, spacingA, SampleType.FLOAT32, a1), dataset.resolve("imagesTr/a_0001.tif"));
        tiff.write(ImageVolume.of(shapeA, spacingA, SampleType.UINT8, segA), dataset.resolve("labelsTr/a.tif"));

        if (withB) {
            int[] shapeB = {3, 4, 5};
            double[] spacingB = {3.0, 0.5, 0.75};
            float[] b0 = new float[60];
            float[] b1 = new float[60];
            float[] segB = new float[60];
            for (int i = 0; i < 60; i++) {
                b0[i] = 7 + i % 13;
                b1[i] = 50 + i % 5;
                segB[i] = i % 3 == 0 ? 1 : 0;
            }
            tiff.write(ImageVolume.of(shapeB, spacingB, typeOfB, b0), dataset.resolve("imagesTr/b_0000.tif"));
            tiff.write(ImageVolume.of(shapeB, spacingB, typeOfB, b1), dataset.resolve("imagesTr/b_0001.tif"));
            tiff.write(ImageVolume.of(shapeB, spacingB, SampleType.UINT8, segB), dataset.resolve("labelsTr/b.tif"));
        }
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("background", 0);
        labels.put("cell", 1);
        labels.put("ignore", 2);
        new NnunetDatasetReader().writeDatasetJson(DatasetSpec.of(Map.of("0", "A", "1", "B"), labels,
                withB ? 2 : 1, ".tif"), dataset);
        return dataset;
    }

    /** {@code cases} 4 x 5 PNG cases {@code c000, c001, ...} of non-zero 16-bit values, with a label 1 each. */
    private Path pngDataset(int cases) throws IOException {
        Path dataset = tmp.newFolder().toPath();
        Files.createDirectories(dataset.resolve("imagesTr"));
        Files.createDirectories(dataset.resolve("labelsTr"));
        PngImageIo png = new PngImageIo();
        int[] shape = {1, 4, 5};
        double[] spacing = {999, 1, 1};
        for (int c = 0; c < cases; c++) {
            float[] image = new float[20];
            float[] seg = new float[20];
            for (int i = 0; i < 20; i++) {
                image[i] = 1000 + 37 * i + c;
                seg[i] = i % 4 == 0 ? 1 : 0;
            }
            String id = String.format("c%03d", c);
            png.write(ImageVolume.of(shape, spacing, SampleType.UINT16, image),
                    dataset.resolve("imagesTr/" + id + "_0000.png"));
            png.write(ImageVolume.of(shape, spacing, SampleType.UINT8, seg),
                    dataset.resolve("labelsTr/" + id + ".png"));
        }
        new NnunetDatasetReader().writeDatasetJson(DatasetSpec.of(Map.of("0", "fluorescence"),
                Map.of("background", 0, "cell", 1), cases, ".png"), dataset);
        return dataset;
    }
}
