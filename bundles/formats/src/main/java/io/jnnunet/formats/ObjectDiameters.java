package io.jnnunet.formats;

import io.jnnunet.api.ImageVolume;
import java.util.Arrays;

/**
 * Cellpose's object diameter: that of the circle of equal area, {@code sqrt(4 area / pi)} pixels, for the objects of
 * an instance label image (the fingerprint's median diameter of the training objects, a prediction's first pass
 * with {@code --object-diameter auto}).
 */
public final class ObjectDiameters {

    private ObjectDiameters() {
    }

    /**
     * The equal-area diameter of every object (id other than 0) of a 2-D instance image, in id order.
     *
     * @throws IllegalArgumentException for a 3-D image, where a diameter in voxels would depend on the spacing
     */
    public static double[] of(ImageVolume instances) {
        if (!instances.is2d()) {
            throw new IllegalArgumentException("object diameters are measured on 2-D images (one slice), got shape "
                    + Arrays.toString(instances.shape()));
        }
        float[] ids = instances.channel(0).clone();
        Arrays.sort(ids);
        double[] diameters = new double[ids.length];
        int count = 0;
        for (int start = 0; start < ids.length;) {
            int end = start;
            while (end < ids.length && ids[end] == ids[start]) {
                end++;
            }
            if (ids[start] != 0) {
                diameters[count++] = Math.sqrt(4.0 * (end - start) / Math.PI);
            }
            start = end;
        }
        return Arrays.copyOf(diameters, count);
    }
}
