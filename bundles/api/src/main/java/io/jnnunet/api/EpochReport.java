package io.jnnunet.api;

/**
 * What one finished epoch tells a user, as nnU-Net logs it: losses, the pseudo Dice per foreground class and its
 * moving average (EMA), the learning rate and the epoch's time.
 */
public record EpochReport(
        int epoch,
        int epochs,
        double trainLoss,
        double validationLoss,
        double[] pseudoDice,
        double emaPseudoDice,
        double learningRate,
        double epochSeconds,
        boolean newBest) {
}
