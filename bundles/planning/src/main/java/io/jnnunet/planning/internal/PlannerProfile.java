package io.jnnunet.planning.internal;

import java.util.Arrays;

/**
 * What distinguishes nnU-Net's planner classes from each other: names, the U-Net, its depth per stage, the reference
 * values with the GPU memory they correspond to, the batch cap and the shrink condition. A profile is made fresh by
 * its factory, so no caller can change another's arrays.
 *
 * @param name the planner's class name, written as {@code experiment_planner_used}
 * @param defaultPlansName the plans name when the request gives none
 * @param description one line for listings
 * @param referenceValue2d feature-map reference of a 2-D network at {@code referenceGb}
 * @param referenceValue3d feature-map reference of a 3-D network at {@code referenceGb}
 * @param referenceGb the GPU memory the reference values correspond to
 * @param defaultGpuMemoryTargetGb the GPU memory planned for unless the request asks for another
 * @param reusesDefaultData 2d and 3d_fullres preprocess exactly as the default planner, so they reuse its data
 *        folders ({@code nnUNetPlans_2d}, {@code nnUNetPlans_3d_fullres})
 */
public record PlannerProfile(String name, String defaultPlansName, String description, UNetArchitecture network,
        int[] encoderBlocks, int[] decoderConvs, double referenceValue2d, double referenceValue3d, double referenceGb,
        double defaultGpuMemoryTargetGb, double maxDatasetCovered, boolean batchCorrectedShrink,
        boolean reusesDefaultData) {

    public static final String DEFAULT_PLANS_NAME = "nnUNetPlans";

    /** nnU-Net's {@code ExperimentPlanner}. */
    public static PlannerProfile experimentPlanner() {
        return new PlannerProfile("ExperimentPlanner", DEFAULT_PLANS_NAME,
                "nnU-Net's default planner: PlainConvUNet for an 8 GB GPU (plans nnUNetPlans)",
                UNetArchitecture.PLAIN_CONV_UNET, repeat(2, 14), repeat(2, 13), 85_000_000, 560_000_000, 8, 8, 0.05,
                true, false);
    }

    /**
     * The compute-budget planner's starting point: nnU-Net's default planner, whose preprocessing it shares
     * ({@code nnUNetPlans_2d}, {@code nnUNetPlans_3d_fullres}); the patch, features and batch are then cut to the budget.
     */
    public static PlannerProfile budgetPlanner() {
        PlannerProfile nnunet = experimentPlanner();
        return new PlannerProfile("BudgetPlanner", DEFAULT_PLANS_NAME + "_budget",
                "jnnunet's compute-budget planner: the network that trains within --budget-minutes on the device,"
                        + " measured (plans nnUNetPlans_budget<N>min)",
                nnunet.network(), nnunet.encoderBlocks(), nnunet.decoderConvs(), nnunet.referenceValue2d(),
                nnunet.referenceValue3d(), nnunet.referenceGb(), nnunet.defaultGpuMemoryTargetGb(),
                nnunet.maxDatasetCovered(), nnunet.batchCorrectedShrink(), true);
    }

    /** {@code nnUNetPlannerResEncM}: about 9-11 GB of GPU memory. */
    public static PlannerProfile resEncM() {
        return resEnc("nnUNetPlannerResEncM", "nnUNetResEncUNetMPlans", "M", "9-11", 135_000_000, 680_000_000, 8);
    }

    /** {@code nnUNetPlannerResEncL}: about 24 GB. */
    public static PlannerProfile resEncL() {
        return resEnc("nnUNetPlannerResEncL", "nnUNetResEncUNetLPlans", "L", "24", 380_000_000, 2_100_000_000, 24);
    }

    /** {@code nnUNetPlannerResEncXL}: about 40 GB. */
    public static PlannerProfile resEncXL() {
        return resEnc("nnUNetPlannerResEncXL", "nnUNetResEncUNetXLPlans", "XL", "40", 560_000_000, 3_600_000_000L,
                40);
    }

    /** The patch and batch rule at a GPU memory target: reference values scaled by {@code target / referenceGb}. */
    public PatchAndBatchRule patchAndBatchRule(double gpuMemoryTargetGb) {
        double scale = gpuMemoryTargetGb / referenceGb;
        return new PatchAndBatchRule(network, encoderBlocks, decoderConvs, referenceValue2d * scale,
                referenceValue3d * scale, maxDatasetCovered, batchCorrectedShrink);
    }

    /** {@code generate_data_identifier}: the folder name of a configuration's preprocessed data. */
    public String dataIdentifier(String plansName, String configuration) {
        boolean shared = reusesDefaultData && (configuration.equals("2d") || configuration.equals("3d_fullres"));
        return (shared ? DEFAULT_PLANS_NAME : plansName) + "_" + configuration;
    }

    /** ResEnc presets: residual blocks (1, 3, 4, 6, 6, ...), one conv per decoder stage, no 5 % batch cap. */
    private static PlannerProfile resEnc(String name, String plansName, String size, String gb, double reference2d,
            double reference3d, double referenceGb) {
        int[] blocks = {1, 3, 4, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6};
        return new PlannerProfile(name, plansName,
                "ResEnc preset " + size + ": ResidualEncoderUNet for a ~" + gb + " GB GPU (plans " + plansName + ")",
                UNetArchitecture.RESIDUAL_ENCODER_UNET, blocks, repeat(1, 12), reference2d, reference3d, referenceGb,
                referenceGb, 1, false, true);
    }

    private static int[] repeat(int value, int count) {
        int[] array = new int[count];
        Arrays.fill(array, value);
        return array;
    }
}
