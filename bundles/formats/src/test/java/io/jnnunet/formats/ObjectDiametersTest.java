package io.jnnunet.formats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.SampleType;
import org.junit.Test;

public class ObjectDiametersTest {

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
        double[] d = ObjectDiameters.of(instances);
        assertArrayEquals(new double[] {Math.sqrt(4 / Math.PI), Math.sqrt(12 / Math.PI), Math.sqrt(16 / Math.PI)},
                d, 1e-12);
        assertEquals(Math.sqrt(12 / Math.PI), NumpyStats.median(d), 1e-12);
        // a disc of radius r has diameter ~2r
        int size = 101;
        float[] disc = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                disc[y * size + x] = (x - 50) * (x - 50) + (y - 50) * (y - 50) <= 40 * 40 ? 1 : 0;
            }
        }
        assertEquals(80, ObjectDiameters.of(image(size, size, disc))[0], 0.1);
    }

    @Test
    public void noObjectsHaveNoMedian() {
        assertTrue(Double.isNaN(NumpyStats.median(ObjectDiameters.of(image(1, 2, 0, 0)))));
    }

    @Test
    public void threeDimensionalImagesHaveNoDiameterInPixels() {
        ImageVolume volume = ImageVolume.of(new int[] {2, 1, 1}, new double[] {1, 1, 1}, SampleType.UINT16,
                new float[] {1, 1});
        assertThrows(IllegalArgumentException.class, () -> ObjectDiameters.of(volume));
    }
}
