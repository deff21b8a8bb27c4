package io.jnnunet.formats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.SampleType;
import org.junit.Test;

public class NonzeroCropTest {

    private static final double[] SPACING = {1, 1, 1};

    @Test
    public void cropsToTheNonzeroBoxAndMarksOutsideBackgroundInTheSegmentation() {
        // 1 x 4 x 5, non-zero at rows 1..2, columns 1..3; one voxel inside the box is zero
        float[] image = new float[20];
        for (int y = 1; y <= 2; y++) {
            for (int x = 1; x <= 3; x++) {
                image[y * 5 + x] = 7;
            }
        }
        image[1 * 5 + 2] = 0;
        float[] labels = new float[20];
        labels[2 * 5 + 3] = 1;
        NonzeroCrop.Result result = NonzeroCrop.crop(volume(new int[] {1, 4, 5}, image),
                volume(new int[] {1, 4, 5}, labels));

        assertArrayEquals(new int[][] {{0, 1}, {1, 3}, {1, 4}}, result.bbox());
        assertArrayEquals(new int[] {1, 2, 3}, result.data().shape());
        assertArrayEquals(new float[] {7, 0, 7, 7, 7, 7}, result.data().channel(0), 0f);
        // a 2-D case has no holes to fill (scipy's border covers every voxel of a size-1 axis): the zero stays outside
        assertArrayEquals(new short[] {0, -1, 0, 0, 0, 1}, result.seg());
    }

    @Test
    public void fillsHolesIn3dAsScipyDoes() {
        // scipy: m = zeros((3,5,5)); m[:,1:4,1:4] = 1; m[1,2,2] = 0 -> binary_fill_holes fills (1,2,2)
        int[] shape = {3, 5, 5};
        boolean[] mask = new boolean[75];
        for (int x = 0; x < 3; x++) {
            for (int y = 1; y < 4; y++) {
                for (int z = 1; z < 4; z++) {
                    mask[(x * 5 + y) * 5 + z] = true;
                }
            }
        }
        mask[(5 + 2) * 5 + 2] = false;
        NonzeroCrop.fillHoles(mask, shape);
        assertTrue(mask[(5 + 2) * 5 + 2]);

        // the same hole in a single slice (1,5,5) is not filled
        boolean[] slice = new boolean[25];
        for (int y = 1; y < 4; y++) {
            for (int z = 1; z < 4; z++) {
                slice[y * 5 + z] = true;
            }
        }
        slice[2 * 5 + 2] = false;
        NonzeroCrop.fillHoles(slice, new int[] {1, 5, 5});
        assertFalse(slice[2 * 5 + 2]);
    }

    @Test
    public void anAllZeroImageKeepsItsWholeExtent() {
        NonzeroCrop.Result result = NonzeroCrop.crop(volume(new int[] {1, 2, 3}, new float[6]), null);
        assertArrayEquals(new int[][] {{0, 1}, {0, 2}, {0, 3}}, result.bbox());
        assertArrayEquals(new short[] {-1, -1, -1, -1, -1, -1}, result.seg());
    }

    private static ImageVolume volume(int[] shape, float[] data) {
        return ImageVolume.of(shape, SPACING, SampleType.FLOAT32, data);
    }
}
