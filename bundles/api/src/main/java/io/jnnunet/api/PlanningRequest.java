package io.jnnunet.api;

/**
 * What a planner plans from: the dataset, its fingerprint and the user's choices.
 *
 * @param datasetName e.g. {@code Dataset001_Cells}
 * @param plansName the plans identifier to write, or {@code null} for the planner's default
 * @param gpuMemoryTargetGb nnU-Net's {@code -gpu_memory_target} (8 by default)
 * @param overwriteTargetSpacing nnU-Net's {@code -overwrite_target_spacing}, or {@code null}
 * @param budgetMinutes the compute-budget planner's time for training one fold, or {@code null}
 * @param device the device to plan for ({@code cpu}, {@code gpu:0}, {@code auto}), or {@code null} for the default
 * @param precision the compute-budget planner's arithmetic ({@code fp32}, {@code bf16}), timed and written into the
 *     plans, or {@code null} for fp32
 */
public record PlanningRequest(
        String datasetName,
        DatasetSpec dataset,
        Fingerprint fingerprint,
        String plansName,
        double gpuMemoryTargetGb,
        double[] overwriteTargetSpacing,
        Double budgetMinutes,
        String device,
        String precision,
        ProgressListener progress) {

    /** nnU-Net's defaults: default plans name, 8 GB, no overrides, no budget. */
    public static PlanningRequest of(String datasetName, DatasetSpec dataset, Fingerprint fingerprint) {
        return new PlanningRequest(datasetName, dataset, fingerprint, null, 8, null, null, null, null,
                ProgressListener.NONE);
    }
}
