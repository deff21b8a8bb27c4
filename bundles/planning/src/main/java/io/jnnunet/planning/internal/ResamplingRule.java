package io.jnnunet.planning.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * nnU-Net's resampling entries of a configuration ({@code determine_resampling} and
 * {@code determine_segmentation_softmax_export_fn}): the function name and its kwargs for image data, segmentations
 * and exported probabilities.
 */
public record ResamplingRule(String fnData, Map<String, Object> fnDataKwargs, String fnSeg,
        Map<String, Object> fnSegKwargs, String fnProbabilities, Map<String, Object> fnProbabilitiesKwargs) {

    public static final String RESAMPLE_DATA_OR_SEG_TO_SHAPE = "resample_data_or_seg_to_shape";

    /**
     * The default planner's choice: cubic spline for images, linear one-hot for segmentations, linear for
     * probabilities; nearest along the out-of-plane axis of anisotropic data ({@code order_z} 0), decided per case.
     */
    public static ResamplingRule defaults() {
        return new ResamplingRule(RESAMPLE_DATA_OR_SEG_TO_SHAPE, kwargs(false, 3), RESAMPLE_DATA_OR_SEG_TO_SHAPE,
                kwargs(true, 1), RESAMPLE_DATA_OR_SEG_TO_SHAPE, kwargs(false, 1));
    }

    /** {@code {is_seg, order, order_z: 0, force_separate_z: null}} in nnU-Net's key order. */
    public static Map<String, Object> kwargs(boolean isSeg, int order) {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("is_seg", isSeg);
        kwargs.put("order", order);
        kwargs.put("order_z", 0);
        kwargs.put("force_separate_z", null);
        return Collections.unmodifiableMap(kwargs);
    }
}
