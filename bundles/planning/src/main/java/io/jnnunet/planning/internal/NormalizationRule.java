package io.jnnunet.planning.internal;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * nnU-Net's normalisation choice: the scheme of each channel from its name in {@code channel_names}
 * ({@code map_channel_name_to_normalization}), and whether it is computed inside the non-zero mask only.
 */
public final class NormalizationRule {

    public static final String CT = "CTNormalization";
    public static final String NO_NORMALIZATION = "NoNormalization";
    public static final String Z_SCORE = "ZScoreNormalization";
    public static final String RESCALE_TO_0_1 = "RescaleTo01Normalization";
    public static final String RGB_TO_0_1 = "RGBTo01Normalization";

    /** Cropping must have removed at least a quarter of the image for the mask to be used. */
    static final double MASK_CROP_THRESHOLD = 0.75;

    /** The normalisation entries of a configuration, one per channel in channel order. */
    public record Choice(List<String> normalizationSchemes, List<Boolean> useMaskForNorm) {
    }

    private NormalizationRule() {
    }

    /** The scheme for a channel name, compared case-insensitively; any name not listed is z-scored. */
    public static String schemeFor(String channelName) {
        return switch (channelName.toLowerCase(Locale.ROOT)) {
            case "ct" -> CT;
            case "nonorm" -> NO_NORMALIZATION;
            case "zscore" -> Z_SCORE;
            case "rescale_to_0_1" -> RESCALE_TO_0_1;
            case "rgb_to_0_1" -> RGB_TO_0_1;
            default -> Z_SCORE;
        };
    }

    /**
     * The schemes of every channel and {@code use_mask_for_norm}: true only for z-score channels (the one scheme
     * that leaves pixels outside the mask at zero), and only when cropping to the non-zero region shrank the median
     * image below 3/4, or dataset.json asks for it with {@code "use_mask_for_norm": true}.
     */
    public static Choice choose(DatasetSpec dataset, Fingerprint fingerprint) {
        List<String> schemes = channelNamesInOrder(dataset.channelNames()).stream()
                .map(NormalizationRule::schemeFor).toList();
        boolean maskWanted = fingerprint.medianRelativeSizeAfterCropping() < MASK_CROP_THRESHOLD
                || Boolean.TRUE.equals(dataset.other().get("use_mask_for_norm"));
        List<Boolean> useMask = schemes.stream().map(s -> maskWanted && Z_SCORE.equals(s)).toList();
        return new Choice(schemes, useMask);
    }

    /** The channel names ordered by channel index ({@code "0"}, {@code "1"}, ...), whatever order the file has. */
    static List<String> channelNamesInOrder(Map<String, String> channelNames) {
        List<String> names = new ArrayList<>(channelNames.size());
        for (int c = 0; c < channelNames.size(); c++) {
            String name = channelNames.get(Integer.toString(c));
            if (name == null) {
                throw new IllegalArgumentException("channel_names must be keyed by the channel indices 0.."
                        + (channelNames.size() - 1) + ", got " + channelNames.keySet());
            }
            names.add(name);
        }
        return names;
    }
}
