package io.jnnunet.postprocessing.internal.instances;

import static io.jnnunet.postprocessing.internal.instances.CoreBorderRecipeTest.image;
import static io.jnnunet.postprocessing.internal.instances.CoreBorderRecipeTest.ints;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.SampleType;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ConnectedComponentsRecipeTest {

    private final ConnectedComponentsRecipe recipe = new ConnectedComponentsRecipe();

    @Test
    public void instancesAreFaceConnectedComponentsOfEveryLabelAboveZero() {
        // (1,2) touches (0,1) only diagonally: its own object; labels 1 and 2 side by side are one object
        ImageVolume decoded = recipe.instances(image(3, 4,
                1, 1, 0, 2,
                0, 0, 1, 0,
                2, 1, 0, 0), Map.of());
        assertEquals(SampleType.UINT16, decoded.sampleType());
        assertArrayEquals(new int[] {
            1, 1, 0, 2,
            0, 0, 3, 0,
            4, 4, 0, 0}, ints(decoded));
    }

    @Test
    public void minSizeDropsSmallComponentsAndRenumbersTheRest() {
        ImageVolume labels = image(2, 5,
                1, 0, 1, 1, 0,
                0, 0, 1, 0, 1);
        assertArrayEquals(new int[] {
            0, 0, 1, 1, 0,
            0, 0, 1, 0, 0}, ints(recipe.instances(labels, Map.of("min_size", 2.0))));
    }

    @Test
    public void trainingLabelsAreForegroundOnlyAndItDescribesItself() {
        assertArrayEquals(new int[] {0, 1, 1, 0, 1}, ints(recipe.trainingLabels(image(1, 5, 0, 7, 7, 0, 3), null)));
        assertEquals(List.of("background", "cell"), List.copyOf(recipe.labels().keySet()));
        assertEquals(Map.of("min_size", 0.0), recipe.defaultParameters());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> recipe.instances(image(1, 2, 1, 1), Map.of("h", 2.0)));
        assertEquals("recipe connected-components has no parameter 'h'; it knows [min_size]", e.getMessage());
    }
}
