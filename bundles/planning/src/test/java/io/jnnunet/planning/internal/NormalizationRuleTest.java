package io.jnnunet.planning.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.jnnunet.api.DatasetSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class NormalizationRuleTest {

    @Test
    public void channelNamesSelectTheSchemeCaseInsensitively() {
        assertEquals("CTNormalization", NormalizationRule.schemeFor("CT"));
        assertEquals("CTNormalization", NormalizationRule.schemeFor("ct"));
        assertEquals("NoNormalization", NormalizationRule.schemeFor("noNorm"));
        assertEquals("ZScoreNormalization", NormalizationRule.schemeFor("zscore"));
        assertEquals("RescaleTo01Normalization", NormalizationRule.schemeFor("rescale_to_0_1"));
        assertEquals("RGBTo01Normalization", NormalizationRule.schemeFor("RGB_to_0_1"));
    }

    @Test
    public void anyOtherNameIsZScored() {
        for (String name : List.of("fluorescence", "T2", "R", "DAPI", "MRI")) {
            assertEquals(name, "ZScoreNormalization", NormalizationRule.schemeFor(name));
        }
    }

    @Test
    public void maskIsUsedOnlyForZScoreChannelsOfImagesThatCroppingShrank() {
        DatasetSpec dataset = DatasetSpec.of(Map.of("0", "CT", "1", "T2", "2", "noNorm"),
                Map.of("background", 0, "a", 1), 1, ".nii.gz");
        NormalizationRule.Choice cropped = NormalizationRule.choose(dataset, fingerprint(0.6));
        assertEquals(List.of("CTNormalization", "ZScoreNormalization", "NoNormalization"),
                cropped.normalizationSchemes());
        assertEquals(List.of(false, true, false), cropped.useMaskForNorm());
        assertEquals(List.of(false, false, false), NormalizationRule.choose(dataset, fingerprint(0.75))
                .useMaskForNorm());
    }

    @Test
    public void datasetJsonCanAskForTheMask() {
        DatasetSpec dataset = DatasetSpec.of(Map.of("0", "fluorescence"), Map.of("background", 0, "cell", 1), 1,
                ".png");
        dataset.other().put("use_mask_for_norm", true);
        assertEquals(List.of(true), NormalizationRule.choose(dataset, fingerprint(1.0)).useMaskForNorm());
    }

    @Test
    public void channelsAreOrderedByIndexWhateverTheFileOrder() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("1", "CT");
        names.put("0", "T1");
        assertEquals(List.of("T1", "CT"), NormalizationRule.channelNamesInOrder(names));
        assertThrows(IllegalArgumentException.class,
                () -> NormalizationRule.channelNamesInOrder(Map.of("0", "T1", "2", "T2")));
    }

    private static io.jnnunet.api.Fingerprint fingerprint(double medianRelativeSize) {
        return Datasets.uniform(1, new double[] {1, 1, 1}, new int[] {10, 10, 10}, medianRelativeSize);
    }
}
