package io.jnnunet.preprocessing.internal;

import io.jnnunet.api.IntensityProperties;
import io.jnnunet.api.Normalization;
import org.osgi.service.component.annotations.Component;

/** nnU-Net's {@code RGBTo01Normalization}: 8-bit colour values {@code 0..255} divided by 255. */
@Component(service = Normalization.class, property = Normalization.NAME + "=RGBTo01Normalization")
public class RGBTo01Normalization implements Normalization {

    @Override
    public String name() {
        return "RGBTo01Normalization";
    }

    /** @throws IllegalArgumentException naming the first value outside {@code 0..255} */
    @Override
    public void normalize(float[] channel, short[] seg, boolean useMaskForNorm, IntensityProperties intensities) {
        for (int i = 0; i < channel.length; i++) {
            if (!(channel[i] >= 0 && channel[i] <= 255)) {
                throw new IllegalArgumentException("RGBTo01Normalization expects 8-bit RGB values in 0..255, found "
                        + channel[i] + " at voxel " + i + "; these images do not seem to be RGB images");
            }
        }
        for (int i = 0; i < channel.length; i++) {
            channel[i] /= 255f;
        }
    }
}
