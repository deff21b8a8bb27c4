package io.jnnunet.planning.internal;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.Fingerprint;
import io.jnnunet.api.IntensityProperties;
import io.jnnunet.api.PlanningRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Datasets of the reference's test vectors, as fingerprints and dataset.json descriptions. */
final class Datasets {

    private Datasets() {
    }

    static Fingerprint of(List<double[]> spacings, List<int[]> shapes, double medianRelativeSizeAfterCropping) {
        Map<String, IntensityProperties> intensities = new LinkedHashMap<>();
        intensities.put("0", new IntensityProperties(3071, 99.4, 101, -1024, -850, 460, 140.2));
        return new Fingerprint(intensities, medianRelativeSizeAfterCropping, shapes, spacings);
    }

    /** {@code cases} identical cases. */
    static Fingerprint uniform(int cases, double[] spacing, int[] shape, double medianRelativeSizeAfterCropping) {
        List<double[]> spacings = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        for (int c = 0; c < cases; c++) {
            spacings.add(spacing.clone());
            shapes.add(shape.clone());
        }
        return of(spacings, shapes, medianRelativeSizeAfterCropping);
    }

    static DatasetSpec dataset(String channel, String fileEnding, String... foregroundLabels) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("background", 0);
        for (int i = 0; i < foregroundLabels.length; i++) {
            labels.put(foregroundLabels[i], i + 1);
        }
        return DatasetSpec.of(Map.of("0", channel), labels, 1, fileEnding);
    }

    /** MSD Lung (Dataset006): 63 CT cases, median spacing (1.245, 0.785, 0.785), median shape (252, 512, 512). */
    static PlanningRequest lung() {
        return PlanningRequest.of("Dataset006_Lung", dataset("CT", ".nii.gz", "cancer"),
                uniform(63, new double[] {1.245, 0.785, 0.785}, new int[] {252, 512, 512}, 0.95));
    }

    /** The cells dataset: 100 PNG cases of 1x520x696, one fluorescence channel, labels background and cell. */
    static PlanningRequest cells() {
        return PlanningRequest.of("Dataset001_Cells", dataset("fluorescence", ".png", "cell"),
                uniform(100, new double[] {999, 1, 1}, new int[] {1, 520, 696}, 1.0));
    }

    /** A 2-D dataset of identical images at spacing (1, 1). */
    static PlanningRequest twoD(int cases, int height, int width, String... foregroundLabels) {
        return PlanningRequest.of("Dataset900_TwoD", dataset("R", ".png", foregroundLabels),
                uniform(cases, new double[] {999, 1, 1}, new int[] {1, height, width}, 1.0));
    }

    static PlanningRequest withFingerprint(PlanningRequest request, Fingerprint fingerprint) {
        return new PlanningRequest(request.datasetName(), request.dataset(), fingerprint, request.plansName(),
                request.gpuMemoryTargetGb(), request.overwriteTargetSpacing(), request.budgetMinutes(),
                request.device(), request.precision(), request.progress());
    }
}
