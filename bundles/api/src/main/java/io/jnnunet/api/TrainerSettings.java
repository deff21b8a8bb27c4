package io.jnnunet.api;

/**
 * The hyper-parameters of nnU-Net's {@code nnUNetTrainer} that its variants change, with nnU-Net's values as
 * {@link #defaults()}. A {@link TrainerVariant} derives its settings from these, e.g.
 * {@code defaults.withNumEpochs(250)}; the trainer applies them to one training.
 *
 * <p>The schedule fields are the last of several sources: an explicit request ({@code --epochs}, {@code --iterations}),
 * the checkpoint a continued run resumes, and the plans' {@code num_epochs}, {@code num_iterations_per_epoch},
 * {@code num_val_iterations_per_epoch} (written by the compute-budget planner) come first, in that order.
 *
 * @param numEpochs nnU-Net's {@code num_epochs} (1000)
 * @param numIterationsPerEpoch training iterations per epoch, {@code num_iterations_per_epoch} (250)
 * @param numValIterationsPerEpoch validation iterations per epoch, {@code num_val_iterations_per_epoch} (50)
 * @param initialLr SGD's initial learning rate, {@code initial_lr} (0.01)
 * @param weightDecay SGD's weight decay (3e-5)
 * @param momentum SGD's momentum (0.99)
 * @param nesterov Nesterov momentum (on)
 * @param polyExponent the poly schedule's exponent: {@code lr = initialLr · (1 − epoch/numEpochs)^polyExponent} (0.9)
 * @param gradClipNorm the global L2 norm the gradients are clipped to before each step (12)
 * @param oversampleForegroundPercent the share of each batch forced to contain foreground,
 *     {@code oversample_foreground_percent} (0.33)
 * @param mirroring mirror augmentation in training and, recorded in the checkpoint as
 *     {@code inference_allowed_mirroring_axes}, mirroring test-time augmentation at inference (on;
 *     {@code nnUNetTrainerNoMirroring} turns both off)
 * @param diceSmooth the {@code smooth} term of the soft Dice ({@code MemoryEfficientSoftDiceLoss}, 1e-5;
 *     {@code nnUNetTrainerDiceCELoss_noSmooth}: 0)
 * @param enableDeepSupervision the loss on every decoder resolution, {@code enable_deep_supervision} (on)
 * @param saveEvery {@code checkpoint_latest} every so many epochs, {@code save_every} (50)
 */
public record TrainerSettings(
        int numEpochs,
        int numIterationsPerEpoch,
        int numValIterationsPerEpoch,
        double initialLr,
        double weightDecay,
        double momentum,
        boolean nesterov,
        double polyExponent,
        double gradClipNorm,
        double oversampleForegroundPercent,
        boolean mirroring,
        double diceSmooth,
        boolean enableDeepSupervision,
        int saveEvery) {

    /** @throws IllegalArgumentException naming the field that is out of range */
    public TrainerSettings {
        atLeastOne("numEpochs", numEpochs);
        atLeastOne("numIterationsPerEpoch", numIterationsPerEpoch);
        atLeastOne("numValIterationsPerEpoch", numValIterationsPerEpoch);
        atLeastOne("saveEvery", saveEvery);
        if (!(initialLr > 0) || Double.isInfinite(initialLr)) {
            throw new IllegalArgumentException("initialLr must be a positive number, got " + initialLr);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        notNegative("weightDecay", weightDecay);
        notNegative("polyExponent", polyExponent);
        notNegative("diceSmooth", diceSmooth);
        if (!(gradClipNorm > 0)) {
            throw new IllegalArgumentException("gradClipNorm must be positive, got " + gradClipNorm);
        }
        if (!(oversampleForegroundPercent >= 0 && oversampleForegroundPercent <= 1)) {
            throw new IllegalArgumentException("oversampleForegroundPercent must be in [0, 1], got "
                    + oversampleForegroundPercent);
        }
    }

    /** nnU-Net's {@code nnUNetTrainer}. */
    public static TrainerSettings defaults() {
        return new TrainerSettings(1000, 250, 50, 1e-2, 3e-5, 0.99, true, 0.9, 12, 0.33, true, 1e-5, true, 50);
    }

    public TrainerSettings withNumEpochs(int value) {
        return new TrainerSettings(value, numIterationsPerEpoch, numValIterationsPerEpoch, initialLr, weightDecay,
                momentum, nesterov, polyExponent, gradClipNorm, oversampleForegroundPercent, mirroring, diceSmooth,
                enableDeepSupervision, saveEvery);
    }

    public TrainerSettings withNumIterationsPerEpoch(int value) {
        return new TrainerSettings(numEpochs, value, numValIterationsPerEpoch, initialLr, weightDecay, momentum,
                nesterov, polyExponent, gradClipNorm, oversampleForegroundPercent, mirroring, diceSmooth,
                enableDeepSupervision, saveEvery);
    }

    public TrainerSettings withNumValIterationsPerEpoch(int value) {
        return new TrainerSettings(numEpochs, numIterationsPerEpoch, value, initialLr, weightDecay, momentum,
                nesterov, polyExponent, gradClipNorm, oversampleForegroundPercent, mirroring, diceSmooth,
                enableDeepSupervision, saveEvery);
    }

    public TrainerSettings withInitialLr(double value) {
        return new TrainerSettings(numEpochs, numIterationsPerEpoch, numValIterationsPerEpoch, value, weightDecay,
                momentum, nesterov, polyExponent, gradClipNorm, oversampleForegroundPercent, mirroring, diceSmooth,
                enableDeepSupervision, saveEvery);
    }

    public TrainerSettings withWeightDecay(double value) {
        return new TrainerSettings(numEpochs, numIterationsPerEpoch, numValIterationsPerEpoch, initialLr, value,
                momentum, nesterov, polyExponent, gradClipNorm, oversampleForegroundPercent, mirroring, diceSmooth,
                enableDeepSupervision, saveEvery);
    }

    public TrainerSettings withMomentum(double value) {
        return new TrainerSettings(numEpochs, numIterationsPerEpoch, numValIterationsPerEpoch, initialLr, weightDecay,
                value, nesterov, polyExponent, gradClipNorm, oversampleForegroundPercent, mirroring, diceSmooth,
                enableDeepSupervision, saveEvery);
    }

    public TrainerSettings withNesterov(boolean value) {
        return new TrainerSettings(numEpochs, numIterationsPerEpoch, numValIterationsPerEpoch, initialLr, weightDecay,
                momentum, value, polyExponent, gradClipNorm, oversampleForegroundPercent, mirroring, diceSmooth,
                enableDeepSupervision, saveEvery);
    }

    public TrainerSettings withPolyExponent(double value) {
        return new TrainerSettings(numEpochs, numIterationsPerEpoch, numValIterationsPerEpoch, initialLr, weightDecay,
                momentum, nesterov, value, gradClipNorm, oversampleForegroundPercent, mirroring, diceSmooth,
                enableDeepSupervision, saveEvery);
    }

    public TrainerSettings withGradClipNorm(double value) {
        return new TrainerSettings(numEpochs, numIterationsPerEpoch, numValIterationsPerEpoch, initialLr, weightDecay,
                momentum, nesterov, polyExponent, value, oversampleForegroundPercent, mirroring, diceSmooth,
                enableDeepSupervision, saveEvery);
    }

    public TrainerSettings withOversampleForegroundPercent(double value) {
        return new TrainerSettings(numEpochs, numIterationsPerEpoch, numValIterationsPerEpoch, initialLr, weightDecay,
                momentum, nesterov, polyExponent, gradClipNorm, value, mirroring, diceSmooth, enableDeepSupervision,
                saveEvery);
    }

    public TrainerSettings withMirroring(boolean value) {
        return new TrainerSettings(numEpochs, numIterationsPerEpoch, numValIterationsPerEpoch, initialLr, weightDecay,
                momentum, nesterov, polyExponent, gradClipNorm, oversampleForegroundPercent, value, diceSmooth,
                enableDeepSupervision, saveEvery);
    }

    public TrainerSettings withDiceSmooth(double value) {
        return new TrainerSettings(numEpochs, numIterationsPerEpoch, numValIterationsPerEpoch, initialLr, weightDecay,
                momentum, nesterov, polyExponent, gradClipNorm, oversampleForegroundPercent, mirroring, value,
                enableDeepSupervision, saveEvery);
    }

    public TrainerSettings withEnableDeepSupervision(boolean value) {
        return new TrainerSettings(numEpochs, numIterationsPerEpoch, numValIterationsPerEpoch, initialLr, weightDecay,
                momentum, nesterov, polyExponent, gradClipNorm, oversampleForegroundPercent, mirroring, diceSmooth,
                value, saveEvery);
    }

    public TrainerSettings withSaveEvery(int value) {
        return new TrainerSettings(numEpochs, numIterationsPerEpoch, numValIterationsPerEpoch, initialLr, weightDecay,
                momentum, nesterov, polyExponent, gradClipNorm, oversampleForegroundPercent, mirroring, diceSmooth,
                enableDeepSupervision, value);
    }

    private static void atLeastOne(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, got " + value);
        }
    }

    private static void notNegative(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be a number of at least 0, got " + value);
        }
    }
}
