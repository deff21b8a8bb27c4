package io.jnnunet.api;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ObjectScaleTest {

    private static ImageVolume image(int rows, int columns, float... ids) {
        return ImageVolume.of(new int[] {1, rows, columns}, new double[] {999, 1, 1}, SampleType.UINT16, ids);
    }

    @Test
    public void diameterIsThatOfTheCircleOfEqualArea() {
        // object 7: 4 px, object 2: 1 px, object 3: 3 px (ids in any order, not contiguous)
        ImageVolume instances = image(3, 4,
                7, 7, 0, 2,
                7, 7, 0, 0,
                3, 3, 3, 0);
        double[] d = ObjectScale.diameters(instances);
        assertArrayEquals(new double[] {Math.sqrt(4 / Math.PI), Math.sqrt(12 / Math.PI), Math.sqrt(16 / Math.PI)},
                d, 1e-12);
        assertEquals(Math.sqrt(12 / Math.PI), ObjectScale.median(d), 1e-12);
        // a disc of radius r has diameter ~2r
        int size = 101;
        float[] disc = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                disc[y * size + x] = (x - 50) * (x - 50) + (y - 50) * (y - 50) <= 40 * 40 ? 1 : 0;
            }
        }
        assertEquals(80, ObjectScale.diameters(image(size, size, disc))[0], 0.1);
    }

    @Test
    public void medianIsNumpysAndNanForNoObjects() {
        assertEquals(2.5, ObjectScale.median(new double[] {4, 1, 3, 2}), 0);
        assertTrue(Double.isNaN(ObjectScale.median(ObjectScale.diameters(image(1, 2, 0, 0)))));
    }

    @Test
    public void threeDimensionalImagesHaveNoDiameterInPixels() {
        ImageVolume volume = ImageVolume.of(new int[] {2, 1, 1}, new double[] {1, 1, 1}, SampleType.UINT16,
                new float[] {1, 1});
        assertThrows(IllegalArgumentException.class, () -> ObjectScale.diameters(volume));
    }

    @Test
    public void parsesAutoOrAPositiveDiameter() {
        assertNull(ObjectScale.parseDiameter("auto"));
        assertEquals(17.5, ObjectScale.parseDiameter(" 17.5"), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ObjectScale.parseDiameter("-3"));
        assertEquals("object diameter must be a positive number of pixels or 'auto', got '-3'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ObjectScale.parseDiameter("big"));
    }

    @Test
    public void factorBringsObjectsToTheTrainingMedian() {
        ObjectScale scale = new ObjectScale(10.0, 20, null);
        assertEquals(2.0, scale.factor(scale.diameter()), 0);
        assertThrows(IllegalArgumentException.class, () -> new ObjectScale(null, 20, null));
        assertTrue(new ObjectScale(null, 20, "core-border").measured());
    }
}
