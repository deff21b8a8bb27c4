package io.jnnunet.preprocessing.internal;

import io.jnnunet.api.IntensityProperties;
import io.jnnunet.api.Normalization;
import org.osgi.service.component.annotations.Component;

/**
 * nnU-Net's {@code CTNormalization}: clip to the dataset's foreground {@code [percentile_00_5, percentile_99_5]}, then
 * {@code (x - mean) / max(std, 1e-8)} with the foreground mean and std from the fingerprint; float32 arithmetic with
 * the statistics rounded to float32, as numpy does with Python floats.
 */
@Component(service = Normalization.class, property = Normalization.NAME + "=CTNormalization")
public class CTNormalization implements Normalization {

    @Override
    public String name() {
        return "CTNormalization";
    }

    @Override
    public void normalize(float[] channel, short[] seg, boolean useMaskForNorm, IntensityProperties intensities) {
        if (intensities == null) {
            throw new IllegalArgumentException("CTNormalization needs the channel's foreground intensity properties"
                    + " (foreground_intensity_properties_per_channel in the plans)");
        }
        float lower = (float) intensities.percentile005();
        float upper = (float) intensities.percentile995();
        float mean = (float) intensities.mean();
        float divisor = ZScoreNormalization.divisor((float) intensities.std());
        for (int i = 0; i < channel.length; i++) {
            float clipped = Math.min(Math.max(channel[i], lower), upper);
            channel[i] = (clipped - mean) / divisor;
        }
    }
}
