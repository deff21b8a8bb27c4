package io.jnnunet.postprocessing.internal.instances;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assume.assumeTrue;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.SampleType;
import io.jnnunet.io.internal.PngImageIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Test;

public class CoreBorderRecipeTest {

    private final CoreBorderRecipe recipe = new CoreBorderRecipe();

    static ImageVolume image(int rows, int columns, int... values) {
        float[] data = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = values[i];
        }
        return ImageVolume.of(new int[] {1, rows, columns}, new double[] {999, 1, 1}, SampleType.UINT16, data);
    }

    static int[] ints(ImageVolume volume) {
        return InstanceMaps.labels(volume, "test volume");
    }

    private static final ImageVolume TOUCHING = image(5, 6,
            1, 1, 1, 2, 2, 0,
            1, 1, 1, 2, 2, 0,
            1, 1, 1, 0, 0, 0,
            0, 0, 0, 0, 3, 3,
            0, 0, 0, 0, 3, 3);

    @Test
    public void bordersAreWhereAnotherInstanceIsInTheWindow() {
        ImageVolume labels = recipe.trainingLabels(TOUCHING, Map.of("border_width", 1.0));
        assertEquals(SampleType.UINT8, labels.sampleType());
        assertArrayEquals(new int[] {
            1, 1, 2, 2, 1, 0,
            1, 1, 2, 2, 1, 0,
            1, 1, 2, 0, 0, 0,
            0, 0, 0, 0, 1, 1,
            0, 0, 0, 0, 1, 1}, ints(labels));
        // with the default width 2 instance 3 sees 1 and 2 within two voxels, except at its far corner
        assertArrayEquals(new int[] {
            1, 2, 2, 2, 2, 0,
            1, 2, 2, 2, 2, 0,
            1, 2, 2, 0, 0, 0,
            0, 0, 0, 0, 2, 2,
            0, 0, 0, 0, 2, 1}, ints(recipe.trainingLabels(TOUCHING, Map.of())));
    }

    @Test
    public void decodingGrowsCoresBackOverTheirBorders() {
        Map<String, Double> keepAll = Map.of("min_core_size", 1.0, "min_size", 1.0);
        ImageVolume decoded = recipe.instances(recipe.trainingLabels(TOUCHING, Map.of("border_width", 1.0)),
                keepAll);
        assertEquals(SampleType.UINT16, decoded.sampleType());
        assertArrayEquals(ints(TOUCHING), ints(decoded));
    }

    @Test
    public void aCoreNeverClaimsForegroundAcrossBackground() {
        Map<String, Double> keepAll = Map.of("min_core_size", 1.0, "min_size", 1.0);
        // the first 2 is nearer the core on the left, but only the core on the right is in its object
        assertArrayEquals(new int[] {1, 0, 2, 2, 2, 2},
                ints(recipe.instances(image(1, 6, 1, 0, 2, 2, 2, 1), keepAll)));
        // an object without a core is one instance
        assertArrayEquals(new int[] {1, 1, 0, 2, 2, 2},
                ints(recipe.instances(image(1, 6, 1, 1, 0, 2, 2, 2), keepAll)));
    }

    @Test
    public void smallCoresAndSmallInstancesAreDroppedAndIdsRenumbered() {
        ImageVolume labels = image(3, 7,
                1, 1, 2, 1, 0, 0, 2,
                1, 1, 2, 2, 0, 0, 2,
                1, 1, 2, 2, 0, 1, 0);
        // the single core voxel at (0,3) is too small: its border joins the big core; the right object has
        // 3 voxels and is dropped at min_size 4
        assertArrayEquals(new int[] {
            1, 1, 1, 1, 0, 0, 0,
            1, 1, 1, 1, 0, 0, 0,
            1, 1, 1, 1, 0, 0, 0}, ints(recipe.instances(labels, Map.of("min_core_size", 2.0, "min_size", 4.0))));
    }

    @Test
    public void describesItsLabelsAndDecodingParametersInAFixedOrder() {
        assertEquals(Map.of("background", 0, "cell", 1, "border", 2), recipe.labels());
        assertEquals(List.of("background", "cell", "border"), List.copyOf(recipe.labels().keySet()));
        assertEquals(List.of("min_core_size", "min_size"), List.copyOf(recipe.defaultParameters().keySet()));
        assertEquals(List.of(4.0, 10.0), List.copyOf(recipe.defaultParameters().values()));
    }

    @Test
    public void rejectsUnknownParametersAndLabelsItDoesNotKnow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> recipe.instances(TOUCHING, Map.of("min_sise", 3.0)));
        assertEquals("recipe core-border has no parameter 'min_sise'; it knows [border_width, min_core_size,"
                + " min_size]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> recipe.instances(TOUCHING, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> recipe.trainingLabels(TOUCHING, Map.of("border_width", 1.5)));
    }

    /** The lead's Python prototype (scipy maximum/minimum filters) built Dataset002 from the BBBC039 instances. */
    @Test
    public void reproducesThePrototypeTrainingSetExactly() throws IOException {
        Path instances = Paths.get("/work/shared/data/cells/labelsTr_instances");
        Path prototype = Paths.get("/tmp/nnunet/raw/Dataset002_CellsCoreBorder/labelsTr");
        assumeTrue(Files.isDirectory(instances) && Files.isDirectory(prototype));
        PngImageIo io = new PngImageIo();
        List<Path> files;
        try (Stream<Path> list = Files.list(instances)) {
            files = list.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(100, files.size());
        for (Path file : files) {
            ImageVolume expected = io.readSegmentation(prototype.resolve(file.getFileName()));
            ImageVolume actual = recipe.trainingLabels(io.readSegmentation(file), Map.of());
            assertArrayEquals(file.getFileName().toString(), expected.channel(0), actual.channel(0), 0);
        }
    }
}
