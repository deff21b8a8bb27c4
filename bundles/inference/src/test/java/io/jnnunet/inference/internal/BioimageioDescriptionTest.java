package io.jnnunet.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.IntensityProperties;
import io.jnnunet.api.Plans;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class BioimageioDescriptionTest {

    @Test
    public void dataSetLicencesBecomeSpdxIdsOrNothing() {
        assertEquals("CC0-1.0", BioimageioDescription.spdxLicense("CC0 1.0 Universal (public domain dedication)"));
        assertEquals("CC-BY-4.0", BioimageioDescription.spdxLicense("CC BY 4.0"));
        assertEquals("CC-BY-NC-SA-4.0", BioimageioDescription.spdxLicense("cc-by-nc-sa 4.0"));
        assertEquals("MIT", BioimageioDescription.spdxLicense("MIT"));
        assertNull(BioimageioDescription.spdxLicense("see the lab's data policy"));
        assertNull(BioimageioDescription.spdxLicense(null));
    }

    @Test
    public void namesAreWhatBioimageioAccepts() {
        assertEquals(List.of("fluorescence", "T2_FLAIR", "c0", "T2_FLAIR_2"),
                BioimageioDescription.identifiers(List.of("fluorescence", "T2-FLAIR", "0", "T2 FLAIR")));
        assertEquals("nnU-Net Dataset001_Cells 2d fold 0_1", BioimageioDescription.name(
                "nnU-Net Dataset001_Cells 2d fold 0.1"));
        assertEquals("10.1002/cyto.a.23863", BioimageioDescription.doi("Cytometry A, doi:10.1002/cyto.a.23863."));
    }

    @Test
    public void nnunetsNormalisationsBecomePreprocessingOrAreRefused() throws IOException {
        Plans plans = plans();
        ConfigurationPlan plan = plans.configuration("2d");
        assertEquals("zero_mean_unit_variance", BioimageioDescription.preprocessing(plan, plans).get(0).get("id"));

        Plans ct = withChannel(plans, List.of("CTNormalization"), List.of(false));
        List<Map<String, Object>> steps = BioimageioDescription.preprocessing(ct.configuration("2d"), ct);
        IntensityProperties p = plans.foregroundIntensityPropertiesPerChannel().get("0");
        assertEquals(Map.of("min", p.percentile005(), "max", p.percentile995()), steps.get(0).get("kwargs"));
        assertEquals(Map.of("mean", p.mean(), "std", p.std()), steps.get(1).get("kwargs"));

        Plans masked = withChannel(plans, List.of("ZScoreNormalization"), List.of(true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BioimageioDescription.preprocessing(masked.configuration("2d"), masked));
        assertTrue(e.getMessage(), e.getMessage().contains("use_mask_for_norm"));
        Plans mixed = withChannel(plans, List.of("ZScoreNormalization", "CTNormalization"), List.of(false, false));
        e = assertThrows(IllegalArgumentException.class,
                () -> BioimageioDescription.preprocessing(mixed.configuration("2d"), mixed));
        assertTrue(e.getMessage(), e.getMessage().contains("different schemes"));
    }

    @Test
    public void inputSidesAreMultiplesOfTheStridesProduct() throws IOException {
        ConfigurationPlan plan = plans().configuration("2d");
        int[] step = BioimageioDescription.step(plan);
        int side = BioimageioDescription.testSide(plan.patchSize()[0], 100, step[0]);
        assertEquals(0, side % step[0]);
        assertTrue(side >= 2 * step[0]);
    }

    private static Plans plans() throws IOException {
        try (InputStream in = BioimageioDescriptionTest.class.getResourceAsStream("/tiny_plans.json")) {
            return new NnunetJson().mapper().readValue(in, Plans.class);
        }
    }

    /** The plans with the 2d configuration's normalisation replaced. */
    private static Plans withChannel(Plans plans, List<String> schemes, List<Boolean> masks) {
        NnunetJson json = new NnunetJson();
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = json.mapper().convertValue(plans, Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> configuration = (Map<String, Object>) ((Map<String, Object>) tree.get("configurations"))
                .get("2d");
        configuration.put("normalization_schemes", schemes);
        configuration.put("use_mask_for_norm", masks);
        return json.mapper().convertValue(tree, Plans.class);
    }
}
