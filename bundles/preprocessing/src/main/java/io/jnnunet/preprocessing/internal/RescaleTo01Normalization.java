package io.jnnunet.preprocessing.internal;

import io.jnnunet.api.IntensityProperties;
import io.jnnunet.api.Normalization;
import org.osgi.service.component.annotations.Component;

/** nnU-Net's {@code RescaleTo01Normalization}: {@code x - min}, then divided by the new maximum (at least 1e-8). */
@Component(service = Normalization.class, property = Normalization.NAME + "=RescaleTo01Normalization")
public class RescaleTo01Normalization implements Normalization {

    @Override
    public String name() {
        return "RescaleTo01Normalization";
    }

    @Override
    public void normalize(float[] channel, short[] seg, boolean useMaskForNorm, IntensityProperties intensities) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : channel) {
            min = Math.min(min, v);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < channel.length; i++) {
            channel[i] -= min;
            max = Math.max(max, channel[i]);
        }
        float divisor = ZScoreNormalization.divisor(max);
        for (int i = 0; i < channel.length; i++) {
            channel[i] /= divisor;
        }
    }
}
