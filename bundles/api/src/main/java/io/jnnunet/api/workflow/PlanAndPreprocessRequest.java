package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What to plan and preprocess, with nnU-Net's flags.
 *
 * @param datasets ids ({@code 1}), names ({@code Dataset001_Cells}) or raw folders
 * @param extractFingerprint the fingerprint step (not given: true); without {@code clean} an existing fingerprint is
 *     used
 * @param plan the planning step (not given: true)
 * @param preprocess the preprocessing step (not given: true)
 * @param verifyDatasetIntegrity run nnU-Net's integrity check first ({@code --verify_dataset_integrity})
 * @param clean extract the fingerprint again even if one exists
 * @param planner the experiment planner's {@code planner.name} (not given: {@code ExperimentPlanner})
 * @param plansName with planning: the plans identifier to write (not given: the planner's default); preprocessing
 *     alone: the plans to preprocess (not given: {@code nnUNetPlans})
 * @param gpuMemoryTargetGb nnU-Net's {@code -gpu_memory_target} (not given: 8)
 * @param budgetMinutes the compute-budget planner's minutes to train one fold, or {@code null}
 * @param device the device the compute-budget planner plans for ({@code cpu}, {@code gpu:0}, {@code auto}), or
 *     {@code null} for the configured default
 * @param overwriteTargetSpacing 3 values for 3d_fullres, which 2d and 3d_lowres derive from, or empty
 * @param configurations the configurations to preprocess; empty: nnU-Net's defaults (2d, 3d_fullres, 3d_lowres) that
 *     the plans have
 * @param workers cases processed at a time, or {@code null} for the number of cores of the machine that runs it
 * @param precision the compute-budget planner's arithmetic for the training it times and plans ({@code fp32}, or
 *     {@code bf16} where the device computes bfloat16 natively), written into the plans; {@code null}: fp32
 */
public record PlanAndPreprocessRequest(
        @JsonProperty("datasets") List<String> datasets,
        @JsonProperty("extract_fingerprint") Boolean extractFingerprint,
        @JsonProperty("plan") Boolean plan,
        @JsonProperty("preprocess") Boolean preprocess,
        @JsonProperty("verify_dataset_integrity") boolean verifyDatasetIntegrity,
        @JsonProperty("clean") boolean clean,
        @JsonProperty("planner") String planner,
        @JsonProperty("plans_name") String plansName,
        @JsonProperty("gpu_memory_target") Double gpuMemoryTargetGb,
        @JsonProperty("budget_minutes") Double budgetMinutes,
        @JsonProperty("device") String device,
        @JsonProperty("overwrite_target_spacing") List<Double> overwriteTargetSpacing,
        @JsonProperty("configurations") List<String> configurations,
        @JsonProperty("workers") Integer workers,
        @JsonProperty("precision") String precision) {

    /** nnU-Net's default planner. */
    public static final String DEFAULT_PLANNER = "ExperimentPlanner";
    /** The plans that preprocessing alone takes when none are named. */
    public static final String DEFAULT_PLANS = "nnUNetPlans";
    /** nnU-Net's default configurations, preprocessed when the plans have them and none are asked for. */
    public static final List<String> DEFAULT_CONFIGURATIONS = List.of("2d", "3d_fullres", "3d_lowres");

    public PlanAndPreprocessRequest {
        datasets = Requests.names("datasets", datasets);
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("datasets must name at least one dataset");
        }
        extractFingerprint = extractFingerprint == null || extractFingerprint;
        plan = plan == null || plan;
        preprocess = preprocess == null || preprocess;
        if (!extractFingerprint && !plan && !preprocess && !verifyDatasetIntegrity) {
            throw new IllegalArgumentException("extract_fingerprint, plan, preprocess and verify_dataset_integrity"
                    + " are all false: there is nothing to do");
        }
        planner = Requests.name("planner", planner, DEFAULT_PLANNER);
        if (plansName != null) {
            Requests.name("plans_name", plansName, null);
        }
        gpuMemoryTargetGb = gpuMemoryTargetGb == null ? 8.0 : gpuMemoryTargetGb;
        if (!(gpuMemoryTargetGb > 0)) {
            throw new IllegalArgumentException("gpu_memory_target must be more than 0 GB, got " + gpuMemoryTargetGb);
        }
        if (budgetMinutes != null && !(budgetMinutes > 0)) {
            throw new IllegalArgumentException("budget_minutes must be more than 0, got " + budgetMinutes);
        }
        overwriteTargetSpacing = overwriteTargetSpacing == null ? List.of() : List.copyOf(overwriteTargetSpacing);
        if (!overwriteTargetSpacing.isEmpty() && overwriteTargetSpacing.size() != 3) {
            throw new IllegalArgumentException("overwrite_target_spacing takes 3 values, got "
                    + overwriteTargetSpacing.size());
        }
        configurations = Requests.names("configurations", configurations);
        Requests.positive("workers", workers);
        precision = Requests.precision("precision", precision);
    }
}
