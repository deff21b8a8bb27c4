package io.jnnunet.formats;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * nnU-Net's {@code nnUNetLogger}: one entry per finished epoch in each list, under nnU-Net's keys, stored in every
 * checkpoint and drawn in progress.png. The EMA of the pseudo Dice is {@code 0.9·previous + 0.1·new}, the first
 * epoch's being its own value; the mean over classes ignores NaN (a class absent from both prediction and target),
 * as {@code np.nanmean} does.
 */
@JsonPropertyOrder({"mean_fg_dice", "ema_fg_dice", "dice_per_class_or_region", "train_losses", "val_losses", "lrs",
    "epoch_start_timestamps", "epoch_end_timestamps"})
public final class TrainingHistory {

    private static final double EMA_KEEP = 0.9;

    @JsonProperty("mean_fg_dice")
    private final List<Double> meanFgDice;
    @JsonProperty("ema_fg_dice")
    private final List<Double> emaFgDice;
    @JsonProperty("dice_per_class_or_region")
    private final List<double[]> dicePerClass;
    @JsonProperty("train_losses")
    private final List<Double> trainLosses;
    @JsonProperty("val_losses")
    private final List<Double> valLosses;
    @JsonProperty("lrs")
    private final List<Double> learningRates;
    @JsonProperty("epoch_start_timestamps")
    private final List<Double> epochStarts;
    @JsonProperty("epoch_end_timestamps")
    private final List<Double> epochEnds;

    public TrainingHistory() {
        this(null, null, null, null, null, null, null, null);
    }

    @JsonCreator
    TrainingHistory(@JsonProperty("mean_fg_dice") List<Double> meanFgDice,
            @JsonProperty("ema_fg_dice") List<Double> emaFgDice,
            @JsonProperty("dice_per_class_or_region") List<double[]> dicePerClass,
            @JsonProperty("train_losses") List<Double> trainLosses,
            @JsonProperty("val_losses") List<Double> valLosses,
            @JsonProperty("lrs") List<Double> learningRates,
            @JsonProperty("epoch_start_timestamps") List<Double> epochStarts,
            @JsonProperty("epoch_end_timestamps") List<Double> epochEnds) {
        this.meanFgDice = copy(meanFgDice);
        this.emaFgDice = copy(emaFgDice);
        this.dicePerClass = copy(dicePerClass);
        this.trainLosses = copy(trainLosses);
        this.valLosses = copy(valLosses);
        this.learningRates = copy(learningRates);
        this.epochStarts = copy(epochStarts);
        this.epochEnds = copy(epochEnds);
        int epochs = this.meanFgDice.size();
        for (List<?> list : List.of(this.emaFgDice, this.dicePerClass, this.trainLosses, this.valLosses,
                this.learningRates, this.epochStarts, this.epochEnds)) {
            if (list.size() != epochs) {
                throw new IllegalArgumentException("training history lists have different lengths");
            }
        }
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? new ArrayList<>() : new ArrayList<>(list);
    }

    /** Adds a finished epoch; timestamps in seconds since 1970, as Python's {@code time()}. */
    public void add(double learningRate, double startSeconds, double endSeconds, double trainLoss, double valLoss,
            double[] dicePerClass) {
        double mean = nanMean(dicePerClass);
        double ema = emaFgDice.isEmpty() ? mean : EMA_KEEP * emaFgDice.get(emaFgDice.size() - 1) + (1 - EMA_KEEP) * mean;
        learningRates.add(learningRate);
        epochStarts.add(startSeconds);
        epochEnds.add(endSeconds);
        trainLosses.add(trainLoss);
        valLosses.add(valLoss);
        this.dicePerClass.add(dicePerClass.clone());
        meanFgDice.add(mean);
        emaFgDice.add(ema);
    }

    public static double nanMean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    public int epochs() {
        return meanFgDice.size();
    }

    public double lastEma() {
        return emaFgDice.get(emaFgDice.size() - 1);
    }

    public List<Double> meanFgDice() {
        return List.copyOf(meanFgDice);
    }

    public List<Double> emaFgDice() {
        return List.copyOf(emaFgDice);
    }

    public List<double[]> dicePerClass() {
        return dicePerClass.stream().map(double[]::clone).toList();
    }

    public List<Double> trainLosses() {
        return List.copyOf(trainLosses);
    }

    public List<Double> valLosses() {
        return List.copyOf(valLosses);
    }

    public List<Double> learningRates() {
        return List.copyOf(learningRates);
    }

    /** Each epoch's duration in seconds. */
    public List<Double> epochDurations() {
        List<Double> durations = new ArrayList<>();
        for (int e = 0; e < epochs(); e++) {
            durations.add(epochEnds.get(e) - epochStarts.get(e));
        }
        return durations;
    }
}
