package io.jnnunet.api;

/**
 * How a prediction rescales its input so that the objects have the size the network was trained on, as Cellpose's
 * diameter does: each 2-D image is zoomed by {@code trainingDiameter / diameter} before prediction and the logits are
 * resampled back to the image's size before the argmax. An object's diameter is Cellpose's (measured by
 * {@code io.jnnunet.formats.ObjectDiameters}); a set of objects is described by the median.
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
}
