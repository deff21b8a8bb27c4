package io.jnnunet.postprocessing.internal;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.Postprocessor;
import io.jnnunet.postprocessing.internal.morphology.ConnectedComponents;
import io.jnnunet.postprocessing.internal.morphology.Grid;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * nnU-Net's {@code remove_all_but_largest_component_from_segmentation}: the voxels of all given labels/regions form
 * one mask; of its components (full connectivity, as skimage's {@code label}) every one as large as the largest is
 * kept, and the voxels of the others become background 0.
 */
@Component(service = Postprocessor.class, property = Postprocessor.NAME + "=" + LargestComponentPostprocessor.NAME)
public class LargestComponentPostprocessor implements Postprocessor {

    public static final String NAME = "remove_all_but_largest_component_from_segmentation";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ImageVolume apply(ImageVolume segmentation, List<int[]> labelsOrRegions) {
        if (segmentation.channelCount() != 1) {
            throw new IllegalArgumentException("a segmentation has one channel, got " + segmentation.channelCount());
        }
        float[] values = segmentation.channel(0);
        boolean[] mask = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            mask[i] = inAny(values[i], labelsOrRegions);
        }
        ConnectedComponents.Labelling components = ConnectedComponents.label(mask, Grid.of(segmentation.shape()),
                Grid.Connectivity.FULL);
        int largest = components.largestSize();
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            int component = components.labels()[i];
            if (component != 0 && components.sizes()[component] < largest) {
                out[i] = 0;
            }
        }
        return ImageVolume.of(segmentation.shape().clone(), segmentation.spacing().clone(), segmentation.sampleType(),
                out);
    }

    private static boolean inAny(float value, List<int[]> labelsOrRegions) {
        for (int[] region : labelsOrRegions) {
            for (int label : region) {
                if (value == label) {
                    return true;
                }
            }
        }
        return false;
    }
}
