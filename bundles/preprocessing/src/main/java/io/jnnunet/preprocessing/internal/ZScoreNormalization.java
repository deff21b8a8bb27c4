package io.jnnunet.preprocessing.internal;

import io.jnnunet.api.IntensityProperties;
import io.jnnunet.api.Normalization;
import org.osgi.service.component.annotations.Component;

/**
 * nnU-Net's {@code ZScoreNormalization}: {@code (x - mean) / max(std, 1e-8)} with the case's own mean and (population)
 * standard deviation, over the whole channel or, with {@code use_mask_for_norm}, over the non-zero region only
 * ({@code seg >= 0}), where the outside keeps its values. nnU-Net computes the statistics in float32; here they are
 * summed in double and rounded to float32, then the arithmetic is float32 as in numpy.
 */
@Component(service = Normalization.class, property = Normalization.NAME + "=ZScoreNormalization")
public class ZScoreNormalization implements Normalization {

    static final double EPSILON = 1e-8;

    @Override
    public String name() {
        return "ZScoreNormalization";
    }

    @Override
    public void normalize(float[] channel, short[] seg, boolean useMaskForNorm, IntensityProperties intensities) {
        if (useMaskForNorm && seg == null) {
            throw new IllegalArgumentException("ZScoreNormalization with use_mask_for_norm needs the segmentation"
                    + " that marks the non-zero region");
        }
        double sum = 0;
        long n = 0;
        for (int i = 0; i < channel.length; i++) {
            if (!useMaskForNorm || seg[i] >= 0) {
                sum += channel[i];
                n++;
            }
        }
        if (n == 0) {
            return;
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < channel.length; i++) {
            if (!useMaskForNorm || seg[i] >= 0) {
                double d = channel[i] - mean;
                squares += d * d;
            }
        }
        float meanF = (float) mean;
        float divisor = divisor((float) Math.sqrt(squares / n));
        for (int i = 0; i < channel.length; i++) {
            if (!useMaskForNorm || seg[i] >= 0) {
                channel[i] = (channel[i] - meanF) / divisor;
            }
        }
    }

    /** Python's {@code max(std, 1e-8)} as float32 (numpy casts the Python float to the array's type). */
    static float divisor(float std) {
        return EPSILON > std ? (float) EPSILON : std;
    }
}
