package io.jnnunet.api;

import java.util.List;

/**
 * One of nnU-Net's postprocessing operations on a predicted label map, e.g. {@code
 * remove_all_but_largest_component_from_segmentation}. Registered with the property {@value #NAME} (nnU-Net's function
 * name, as it appears in {@code postprocessing.json}).
 */
public interface Postprocessor {

    String NAME = "postprocessor.name";

    String name();

    /**
     * Applies the operation to the voxels of the given labels or regions (each an array of label values treated as one
     * mask) and returns a new volume; the input is not changed.
     */
    ImageVolume apply(ImageVolume segmentation, List<int[]> labelsOrRegions);
}
