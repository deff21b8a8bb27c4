package io.jnnunet.api;

import java.util.Arrays;

/**
 * How a prediction rescales its input so that the objects have the size the network was trained on, as Cellpose's
 * diameter does: each 2-D image is zoomed by {@code trainingDiameter / diameter} before prediction and the logits are
 * resampled back to the image's size before the argmax. An object's diameter is Cellpose's: that of the circle of
 * equal area, {@code sqrt(4 area / pi)} pixels; a set of objects is described by the median.
 *
 * @param diameter the median object diameter in the input images, in pixels; {@code null}: measured per image on a
 *     first pass at native scale ({@code auto})
 * @param trainingDiameter the training cases' median object diameter in pixels
 *     ({@link Fingerprint#medianObjectDiameter()})
 * @param recipe the instance recipe that decodes the first pass into objects; needed only to measure
 */
public record ObjectScale(Double diameter, double trainingDiameter, String recipe) {

    /** The word that asks for the diameter to be measured. */
    public static final String AUTO = "auto";

    /** A measured zoom within this relative distance of 1 keeps the first pass (no second prediction). */
    public static final double TOLERANCE = 0.1;

    public ObjectScale {
        if (diameter != null && !(diameter > 0 && Double.isFinite(diameter))) {
            throw new IllegalArgumentException("the object diameter must be a positive number of pixels, got "
                    + diameter);
        }
        if (!(trainingDiameter > 0 && Double.isFinite(trainingDiameter))) {
            throw new IllegalArgumentException("the training median object diameter must be positive, got "
                    + trainingDiameter);
        }
        if (diameter == null && (recipe == null || recipe.isBlank())) {
            throw new IllegalArgumentException("measuring the object diameter needs an instance recipe");
        }
    }

    /** True when the diameter is measured on a first pass. */
    public boolean measured() {
        return diameter == null;
    }

    /** The zoom that brings objects of this diameter to the training median. */
    public double factor(double objectDiameter) {
        return trainingDiameter / objectDiameter;
    }

    /**
     * {@value #AUTO} as {@code null}, else the diameter in pixels.
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public static Double parseDiameter(String text) {
        if (AUTO.equals(text.trim())) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (value > 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException("object diameter must be a positive number of pixels or '" + AUTO
                + "', got '" + text + "'");
    }

    /**
     * The equal-area diameter of every object (id other than 0) of a 2-D instance image, in id order.
     *
     * @throws IllegalArgumentException for a 3-D image, where a diameter in voxels would depend on the spacing
     */
    public static double[] diameters(ImageVolume instances) {
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

    /** {@code np.median}: the mean of the two middle values for an even count; NaN for none. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
