package io.jnnunet.formats;

import io.jnnunet.api.ImageVolume;
import java.util.Arrays;

/**
 * nnU-Net's axis transposition of a case ({@code transpose_forward} before preprocessing, {@code transpose_backward}
 * at export), on every channel of a volume.
 */
public final class Transposition {

    private static final int[] IDENTITY = {0, 1, 2};

    private Transposition() {
    }

    /**
     * numpy's {@code transpose([0, *[i + 1 for i in forward]])}: new axis j is old axis {@code forward[j]}; the volume
     * itself for {@code null} (plans without {@code transpose_*}) or the identity.
     */
    public static ImageVolume transpose(ImageVolume volume, int[] forward) {
        if (forward == null || Arrays.equals(forward, IDENTITY)) {
            return volume;
        }
        int[] shape = volume.shape();
        int[] newShape = new int[3];
        double[] newSpacing = new double[3];
        int[] oldStrides = {shape[1] * shape[2], shape[2], 1};
        int[] strides = new int[3];
        for (int j = 0; j < 3; j++) {
            newShape[j] = shape[forward[j]];
            newSpacing[j] = volume.spacing()[forward[j]];
            strides[j] = oldStrides[forward[j]];
        }
        float[][] channels = new float[volume.channelCount()][];
        for (int c = 0; c < channels.length; c++) {
            float[] in = volume.channel(c);
            float[] out = new float[in.length];
            int i = 0;
            for (int x = 0; x < newShape[0]; x++) {
                for (int y = 0; y < newShape[1]; y++) {
                    int row = x * strides[0] + y * strides[1];
                    for (int z = 0; z < newShape[2]; z++) {
                        out[i++] = in[row + z * strides[2]];
                    }
                }
            }
            channels[c] = out;
        }
        return new ImageVolume(newShape, newSpacing, volume.sampleType(), channels);
    }
}
