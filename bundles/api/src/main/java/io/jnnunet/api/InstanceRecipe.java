package io.jnnunet.api;

import java.util.Map;

/**
 * How cells are turned into something a semantic segmentation network learns, and back: nnU-Net itself has no
 * instances. A recipe encodes an instance label image (one id per object) as training labels, and decodes a
 * predicted semantic label map into instance ids. Registered with the property {@value #NAME}; the predictor and the
 * shell look it up by that name when they need it.
 */
public interface InstanceRecipe {

    /** Service property: the recipe's name, e.g. {@code watershed} or {@code core-border}. */
    String NAME = "instances.recipe";

    String name();

    /** One line for listings. */
    String description();

    /** The dataset.json {@code labels} of the training labels this recipe writes (name to value). */
    Map<String, Object> labels();

    /** The decoding parameters and their defaults (e.g. {@code min_size}), as tuned values are stored. */
    Map<String, Double> defaultParameters();

    /**
     * Encodes an instance label image (shape as the reader gives it, ids in the one channel) as training labels.
     *
     * @param parameters encoding parameters (e.g. {@code border_width}); missing ones take their defaults
     */
    ImageVolume trainingLabels(ImageVolume instances, Map<String, Double> parameters);

    /**
     * Decodes a predicted semantic label map into instance ids (0 background, 1..n objects), same shape and spacing,
     * sample type {@link SampleType#UINT16} (or wider when there are more than 65535 objects).
     *
     * @param parameters decoding parameters; missing ones take {@link #defaultParameters()}
     */
    ImageVolume instances(ImageVolume semanticLabels, Map<String, Double> parameters);
}
