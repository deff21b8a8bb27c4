package io.jnnunet.postprocessing.internal.instances;

import static io.jnnunet.postprocessing.internal.instances.CoreBorderRecipeTest.image;
import static io.jnnunet.postprocessing.internal.instances.CoreBorderRecipeTest.ints;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.jnnunet.api.ImageVolume;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class WatershedRecipeTest {

    private final WatershedRecipe recipe = new WatershedRecipe();

    /** Two discs of radius r whose centres are d apart in a 40 x 60 image, as a 0/1 label map. */
    private static ImageVolume twoDiscs(double r, double d) {
        return twoDiscs(r, r, d);
    }

    /** Two discs, radius r1 left and r2 right, centres d apart, as a 0/1 label map. */
    private static ImageVolume twoDiscs(double r1, double r2, double d) {
        int[] values = new int[40 * 60];
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 60; x++) {
                boolean a = Math.hypot(y - 20, x - (30 - d / 2)) <= r1;
                boolean b = Math.hypot(y - 20, x - (30 + d / 2)) <= r2;
                values[y * 60 + x] = a || b ? 1 : 0;
            }
        }
        return image(40, 60, values);
    }

    @Test
    public void splitsTwoTouchingDiscsAtTheirNeck() {
        int[] ids = ints(recipe.instances(twoDiscs(10, 16), Map.of()));
        assertEquals(2, Arrays.stream(ids).max().getAsInt());
        assertEquals(1, ids[20 * 60 + 22]); // centre of the left disc
        assertEquals(2, ids[20 * 60 + 38]); // centre of the right disc
        assertEquals(ids[20 * 60 + 29], 1); // the neck falls to the nearer centre on each side
        assertEquals(ids[20 * 60 + 31], 2);
        int foreground = (int) Arrays.stream(ints(twoDiscs(10, 16))).filter(v -> v > 0).count();
        assertEquals(foreground, Arrays.stream(ids).filter(v -> v > 0).count());
    }

    @Test
    public void hDecidesWhetherASmallerDiscGetsItsOwnSeedAndMinSizeDropsSmallOnes() {
        // the small disc's distance peak (about 7) stands about 2 above the neck's pass (about 5)
        ImageVolume pair = twoDiscs(10, 7, 14);
        assertEquals(2, Arrays.stream(ints(recipe.instances(pair, Map.of("h", 0.5)))).max().getAsInt());
        assertEquals(1, Arrays.stream(ints(recipe.instances(pair, Map.of("h", 3.0)))).max().getAsInt());
        int[] none = ints(recipe.instances(twoDiscs(2, 30), Map.of("min_size", 14.0)));
        assertEquals(0, Arrays.stream(none).max().getAsInt()); // each disc of radius 2 has 13 pixels
        assertEquals(2, Arrays.stream(ints(recipe.instances(twoDiscs(2, 30), Map.of()))).max().getAsInt());
    }

    @Test
    public void describesItsLabelsAndParametersInAFixedOrder() {
        assertEquals(List.of("background", "cell"), List.copyOf(recipe.labels().keySet()));
        assertEquals(List.of("h", "sigma", "min_size"), List.copyOf(recipe.defaultParameters().keySet()));
        assertEquals(List.of(2.0, 1.0, 10.0), List.copyOf(recipe.defaultParameters().values()));
    }

    @Test
    public void trainingLabelsAreForegroundOnly() {
        assertArrayEquals(new int[] {0, 1, 1, 0, 1}, ints(recipe.trainingLabels(image(1, 5, 0, 7, 7, 0, 3), null)));
    }
}
