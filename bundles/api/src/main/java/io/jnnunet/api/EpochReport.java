package io.jnnunet.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one finished epoch tells a user, as nnU-Net logs it: losses, the pseudo Dice per foreground class and its
 * moving average (EMA), the learning rate and the epoch's time.
 *
 * @param epochs the epochs of the run: fixed, or for a run trained to a deadline the current estimate from the pace
 *     measured (the epochs done when it ends)
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

    /** The epoch as the shell and a job's last lines show it, with the time left at this epoch's pace. */
    public String line() {
        double left = epochSeconds * (epochs - epoch - 1);
        return String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f, val loss %.4f, pseudo Dice [%s], EMA %.4f%s,"
                + " lr %.5f, %s per epoch, about %s left", epoch + 1, epochs, trainLoss, validationLoss,
                Arrays.stream(pseudoDice).mapToObj(d -> String.format(Locale.ROOT, "%.4f", d))
                        .collect(Collectors.joining(", ")), emaPseudoDice, newBest ? " (new best)" : "", learningRate,
                Durations.format(epochSeconds), Durations.format(left));
    }
}
