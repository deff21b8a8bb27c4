package io.jnnunet.inference.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.jnnunet.api.CaseProperties;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.InstanceRecipe;
import io.jnnunet.api.ObjectScale;
import io.jnnunet.api.Plans;
import io.jnnunet.api.PreprocessedCase;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SampleType;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.io.internal.PngImageIo;
import io.jnnunet.preprocessing.internal.DefaultPreprocessor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** --object-diameter: the zoom of the input, the way back to its grid, and the zoom a first pass measures. */
public class ObjectZoomTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final PngImageIo png = new PngImageIo();
    private final DefaultPreprocessor preprocessor = TestComponents.preprocessor(png);
    private final DatasetSpec dataset = DatasetSpec.of(Map.of("0", "fluorescence"),
            Map.of("background", 0, "cell", 1), 1, ".png");

    private static ImageVolume image(int rows, int columns) {
        float[] data = new float[rows * columns];
        for (int i = 0; i < data.length; i++) {
            data[i] = 100 + i % 7 * 10 + i / columns;
        }
        return ImageVolume.of(new int[] {1, rows, columns}, new double[] {999, 1, 1}, SampleType.UINT16, data);
    }

    private static Plans plans() throws Exception {
        return new NnunetJson().read(Path.of(ObjectZoomTest.class.getResource("/tiny_plans.json").toURI()),
                Plans.class);
    }

    /** Discs of the given radius on a grid, one id each. */
    private static ImageVolume discs(int size, int radius, int spacing) {
        float[] ids = new float[size * size];
        int id = 0;
        for (int cy = radius + 1; cy + radius < size; cy += spacing) {
            for (int cx = radius + 1; cx + radius < size; cx += spacing) {
                id++;
                for (int y = cy - radius; y <= cy + radius; y++) {
                    for (int x = cx - radius; x <= cx + radius; x++) {
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) {
                            ids[y * size + x] = id;
                        }
                    }
                }
            }
        }
        return ImageVolume.of(new int[] {1, size, size}, new double[] {999, 1, 1}, SampleType.UINT16, ids);
    }

    @Test
    public void zoomedCasesAreResampledInPlaneAndExportedBackToTheInputsGridAndSpacing() throws Exception {
        Plans plans = plans();
        for (double zoom : new double[] {2, 0.5}) {
            PreprocessedCase pre = CasePipeline.preprocess(preprocessor, "c", image(20, 40), zoom, plans, "2d",
                    dataset);
            int[] shape = pre.data().shape();
            assertArrayEquals(new int[] {1, (int) (20 * zoom), (int) (40 * zoom)}, shape);
            CaseProperties p = pre.properties();
            assertArrayEquals(new double[] {999, 1, 1}, p.spacing(), 0);
            assertArrayEquals(new int[] {1, 20, 40}, p.shapeAfterCroppingAndBeforeResampling());

            // logits of label 1 on the left half of the zoomed grid
            int voxels = shape[1] * shape[2];
            float[][] logits = new float[2][voxels];
            for (int i = 0; i < voxels; i++) {
                logits[i % shape[2] < shape[2] / 2 ? 1 : 0][i] = 4;
            }
            for (InstanceRecipe recipe : new InstanceRecipe[] {null, new LabelsAsIds()}) {
                PredictionExport export = new PredictionExport(preprocessor, plans, "2d", png, recipe, Map.of());
                Path file = temp.getRoot().toPath().resolve("c.png");
                export.write(logits, shape, p, file, "c", false, true);
                ImageVolume written = png.readSegmentation(file);
                assertArrayEquals(new int[] {1, 20, 40}, written.shape());
                assertArrayEquals(new double[] {999, 1, 1}, written.spacing(), 0);
                for (int y = 0; y < 20; y++) {
                    for (int x = 0; x < 40; x++) {
                        assertEquals(zoom + " (" + y + ", " + x + ")", x < 20 ? 1 : 0,
                                written.channel(0)[y * 40 + x], 0);
                    }
                }
            }
        }
    }

    @Test
    public void threeDimensionalImagesAreNotZoomed() throws Exception {
        ImageVolume volume = ImageVolume.of(new int[] {2, 3, 3}, new double[] {1, 1, 1}, SampleType.UINT16,
                new float[18]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CasePipeline.preprocess(preprocessor, "v", volume, 2, plans(), "2d", dataset));
        assertEquals("case v: --object-diameter zooms 2-D images, this one has shape [2, 3, 3]", e.getMessage());
    }

    @Test
    public void nearestNeighboursKeepVoxelCentres() {
        float[] from = {1, 2, 3, 4};
        assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3, 4, 4},
                PredictionExport.nearest(from, new int[] {1, 1, 4}, new int[] {1, 1, 8}), 0);
        assertArrayEquals(new float[] {2, 4}, PredictionExport.nearest(from, new int[] {1, 1, 4}, new int[] {1, 1, 2}),
                0);
        assertArrayEquals(new float[] {1, 2, 3, 4, 1, 2, 3, 4},
                PredictionExport.nearest(from, new int[] {1, 1, 4}, new int[] {1, 2, 4}), 0);
    }

    @Test
    public void aFirstPassOfSmallObjectsAsksForTheZoomToTheTrainingSize() {
        ObjectScale scale = new ObjectScale(null, 28, "any");
        // discs of radius 7: diameter about 14 (area 149 px: 13.8)
        double zoom = CasePipeline.measuredZoom("c", discs(100, 7, 20), scale, ProgressListener.NONE);
        assertEquals(28 / Math.sqrt(4 * 149 / Math.PI), zoom, 1e-9);
        // radius 14: diameter 28.3, within 10 % of the training median: the first pass is kept
        assertEquals(1, CasePipeline.measuredZoom("c", discs(100, 14, 32), scale, ProgressListener.NONE), 0);
        // nothing found: native scale; a tiny object: the zoom is limited
        assertEquals(1, CasePipeline.measuredZoom("c", discs(10, 7, 20), scale, ProgressListener.NONE), 0);
        assertEquals(CasePipeline.MAX_ZOOM, CasePipeline.measuredZoom("c", discs(10, 0, 20), scale,
                ProgressListener.NONE), 0);
    }

    /** A recipe that gives each label value its own id: enough to see the ids come back on the input's grid. */
    private static final class LabelsAsIds implements InstanceRecipe {
        @Override
        public String name() {
            return "labels-as-ids";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public Map<String, Object> labels() {
            return Map.of("background", 0, "cell", 1);
        }

        @Override
        public Map<String, Double> defaultParameters() {
            return Map.of();
        }

        @Override
        public ImageVolume trainingLabels(ImageVolume instances, Map<String, Double> parameters) {
            return instances;
        }

        @Override
        public ImageVolume instances(ImageVolume semanticLabels, Map<String, Double> parameters) {
            return new ImageVolume(semanticLabels.shape(), semanticLabels.spacing(), SampleType.UINT16,
                    semanticLabels.channels());
        }
    }
}
