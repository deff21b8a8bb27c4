package io.jnnunet.postprocessing.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.SampleType;
import java.util.List;
import org.junit.Test;

public class LargestComponentPostprocessorTest {

    private final LargestComponentPostprocessor postprocessor = new LargestComponentPostprocessor();

    private static ImageVolume segmentation(float... values) {
        return ImageVolume.of(new int[] {1, 3, 5}, new double[] {999, 1, 1}, SampleType.UINT8, values);
    }

    @Test
    public void keepsTheLargestComponentOfTheUnionOfTheGivenLabelsWithFullConnectivity() {
        ImageVolume in = segmentation(
                1, 2, 0, 0, 1,
                0, 0, 2, 0, 0,
                3, 0, 0, 0, 1);
        // labels 1 and 2 as one mask: {1,2,2} joined diagonally (3 voxels) beats the two single 1s; 3 is untouched
        ImageVolume out = postprocessor.apply(in, List.of(new int[] {1}, new int[] {2}));
        assertArrayEquals(new float[] {
            1, 2, 0, 0, 0,
            0, 0, 2, 0, 0,
            3, 0, 0, 0, 0}, out.channel(0), 0);
        assertEquals(SampleType.UINT8, out.sampleType());
        assertEquals(1, in.channel(0)[4], 0); // the input is not changed
    }

    @Test
    public void keepsEveryComponentTiedForLargest() {
        ImageVolume in = segmentation(
                1, 1, 0, 1, 1,
                0, 0, 0, 0, 0,
                1, 0, 0, 0, 0);
        assertArrayEquals(new float[] {
            1, 1, 0, 1, 1,
            0, 0, 0, 0, 0,
            0, 0, 0, 0, 0}, postprocessor.apply(in, List.of(new int[] {1})).channel(0), 0);
    }

    @Test
    public void aRegionIsOneMask() {
        ImageVolume in = segmentation(
                1, 0, 2, 2, 0,
                0, 0, 2, 2, 0,
                1, 1, 0, 0, 0);
        // the region (1, 2): the lone 1, and the four 2s joined diagonally to the two 1s below (6 voxels)
        assertArrayEquals(new float[] {
            0, 0, 2, 2, 0,
            0, 0, 2, 2, 0,
            1, 1, 0, 0, 0}, postprocessor.apply(in, List.of(new int[] {1, 2})).channel(0), 0);
    }
}
