package io.jnnunet.preprocessing.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.api.Normalization;
import io.jnnunet.api.Plans;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.NnunetDatasetReader;
import io.jnnunet.io.internal.PngImageIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Hand-written plans as nnU-Net's planner writes them for the cells dataset, and a preprocessor outside OSGi. */
final class TestPlans {

    static final String CONFIGURATION = "2d";

    private TestPlans() {
    }

    /** The 2d configuration of the cells: spacing (1, 1), z-score without mask, the default resampling. */
    static Plans cells2d() {
        return plans2d("[1.0, 1.0]", "ZScoreNormalization", "[0, 1, 2]");
    }

    static Plans plans2d(String spacing, String normalization, String transposeForward) {
        String json = """
                {
                  "dataset_name": "Dataset001_Cells",
                  "plans_name": "nnUNetPlans",
                  "transpose_forward": %s,
                  "configurations": {
                    "2d": {
                      "data_identifier": "nnUNetPlans_2d",
                      "preprocessor_name": "DefaultPreprocessor",
                      "batch_size": 12,
                      "patch_size": [640, 768],
                      "spacing": %s,
                      "normalization_schemes": ["%s"],
                      "use_mask_for_norm": [false],
                      "resampling_fn_data": "resample_data_or_seg_to_shape",
                      "resampling_fn_seg": "resample_data_or_seg_to_shape",
                      "resampling_fn_data_kwargs": {"is_seg": false, "order": 3, "order_z": 0, "force_separate_z": null},
                      "resampling_fn_seg_kwargs": {"is_seg": true, "order": 1, "order_z": 0, "force_separate_z": null}
                    }
                  },
                  "foreground_intensity_properties_per_channel": {
                    "0": {"max": 4095.0, "mean": 600.0, "median": 550.0, "min": 0.0, "percentile_00_5": 100.0,
                          "percentile_99_5": 2000.0, "std": 300.0}
                  }
                }
                """.formatted(transposeForward, spacing, normalization);
        try {
            return new ObjectMapper().readValue(json, Plans.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Normalization> allNormalizations() {
        return List.of(new ZScoreNormalization(), new CTNormalization(), new NoNormalization(),
                new RescaleTo01Normalization(), new RGBTo01Normalization());
    }

    static DefaultPreprocessor preprocessor() {
        return new DefaultPreprocessor(new NnunetDatasetReader(), ImageIoRegistryComponent.of(new PngImageIo()),
                allNormalizations());
    }
}
