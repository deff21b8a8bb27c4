package io.jnnunet.preprocessing.internal;

import io.jnnunet.api.IntensityProperties;
import io.jnnunet.api.Normalization;
import org.osgi.service.component.annotations.Component;

/** nnU-Net's {@code NoNormalization}: the values stay as they are (they are float32 already). */
@Component(service = Normalization.class, property = Normalization.NAME + "=NoNormalization")
public class NoNormalization implements Normalization {

    @Override
    public String name() {
        return "NoNormalization";
    }

    @Override
    public void normalize(float[] channel, short[] seg, boolean useMaskForNorm, IntensityProperties intensities) {
        // casting to float32 is all nnU-Net does
    }
}
