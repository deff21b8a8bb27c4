package io.jnnunet.training.internal;

import io.jnnunet.formats.TrainingHistory;

import io.jnnunet.formats.Checkpoint;
import io.jnnunet.formats.CheckpointHeader;
import io.jnnunet.network.NetworkParameters;

import io.jnnunet.djl.NoGrad;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.jnnunet.api.EpochReport;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.TrainerSettings;
import io.jnnunet.api.TrainingResult;
import io.jnnunet.training.internal.data.Batch;
import io.jnnunet.training.internal.data.BatchSource;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One training of one fold, nnU-Net's {@code run_training} loop: per epoch the poly learning rate, the training
 * iterations (forward with deep supervision, loss, backward, clipping, SGD step), the validation iterations (loss and
 * the pseudo Dice's TP/FP/FN of the full-resolution argmax), the log, the checkpoints and progress.png. The network
 * lives in one NDManager on the run's device; every iteration's temporary arrays are freed by an NDScope. The
 * hyper-parameters are the trainer variant's ({@link RunContext#settings()}).
 *
 * <p>A deadline run ({@link Schedule#trainingSeconds()}) sets the poly learning rate before every training iteration
 * from the elapsed share of its time ({@link Deadline}, less the end of the last epoch) instead of once per epoch from
 * the epoch count, and ends when the time is spent: an epoch whose next training iteration would no longer leave time
 * for the epoch's validation and bookkeeping (as long as the previous epoch's took) stops its training iterations
 * there, validates, logs and checkpoints as every epoch does, and is the last. Its epoch count is an estimate, re-made
 * after every epoch from the pace measured, and becomes the epochs done at the end. The network is never changed
 * during a run.
 */
final class TrainingRun implements AutoCloseable {

    private final RunContext context;
    private final TrainingLogFile log;
    private final Schedule schedule;
    private final long seed;
    /** A deadline run's clock, by which it measures its pace too. */
    private final LongSupplier nanoClock;
    private final NDManager manager;
    private final Block network;
    private final NetworkParameters parameters;
    private final ParameterStore parameterStore;
    private final NnunetSgd sgd;
    private final TrainingStep step;
    private final DeepSupervisionLoss loss;
    private final double[][] deepSupervisionScales;
    private final TrainingHistory history;
    private Double bestEma;
    private int currentEpoch;
    /** The epochs of the schedule; in a deadline run the current estimate. */
    private int epochs;
    /** Seconds of the deadline spent by the run this one resumes. */
    private double spentBefore;
    private Deadline deadline;
    /** Seconds from the end of the last epoch's training iterations to its end: what an epoch's end takes. */
    private double epochEndSeconds = Double.NaN;
    private boolean paceChecked;

    /**
     * Builds the network on the device and, when a checkpoint is given, restores its weights, momentum buffers,
     * epoch, history and best EMA.
     */
    TrainingRun(RunContext context, TrainingLogFile log, Schedule schedule, long seed, LongSupplier nanoClock,
            Checkpoint resumed) throws IOException {
        this.context = context;
        this.nanoClock = nanoClock;
        this.log = log;
        this.schedule = schedule;
        this.seed = seed;
        TrainingSetup setup = context.setup();
        this.manager = context.engine().newManager(context.device());
        try {
            this.network = context.architecture().build(setup.configuration().architecture(), setup.inputChannels(),
                    setup.numOutputs(), context.settings().enableDeepSupervision());
            network.initialize(manager, DataType.FLOAT32, inputShape());
            this.parameters = NetworkParameters.of(network);
            this.parameterStore = new ParameterStore(manager, false);
            this.sgd = new NnunetSgd(parameters.parameters().stream().map(p -> p.getArray()).toList(),
                    context.settings());
            this.deepSupervisionScales = context.targetScales();
            this.loss = new DeepSupervisionLoss(new DiceCeLoss(Boolean.TRUE.equals(setup.configuration().batchDice()),
                    setup.ignoreLabel(), context.settings().diceSmooth()), deepSupervisionScales.length);
            this.step = new TrainingStep(context.engine(), network, parameterStore, loss, sgd,
                    context.precision().precision());
            if (resumed == null) {
                this.history = new TrainingHistory();
            } else {
                restore(resumed);
                this.history = resumed.header().logging();
                this.bestEma = resumed.header().bestEma();
                this.currentEpoch = resumed.header().currentEpoch();
                this.spentBefore = resumed.header().timeBudget() == null ? 0
                        : resumed.header().timeBudget().elapsedSeconds();
            }
            this.epochs = schedule.trainingSeconds() == null ? schedule.epochs() : firstEstimate();
        } catch (RuntimeException | IOException e) {
            manager.close();
            throw e;
        }
    }

    /** (1, channels, *patch): the parameters' shapes do not depend on the batch size. */
    private Shape inputShape() {
        int[] patch = context.setup().configuration().patchSize();
        long[] dims = new long[patch.length + 2];
        dims[0] = 1;
        dims[1] = context.setup().inputChannels();
        for (int d = 0; d < patch.length; d++) {
            dims[d + 2] = patch[d];
        }
        return new Shape(dims);
    }

    int currentEpoch() {
        return currentEpoch;
    }

    /** The epochs the run trains to: the schedule's, or a deadline run's estimate. */
    int epochs() {
        return epochs;
    }

    /** Seconds of the time budget left before this run starts; {@code NaN} without a deadline. */
    double secondsLeft() {
        return schedule.trainingSeconds() == null ? Double.NaN : Math.max(0, schedule.trainingSeconds() - spentBefore);
    }

    /**
     * A deadline run's epochs before any is measured: those done, and the time left at the planner's measured
     * seconds per iteration (as the planner counts them), else at the schedule's count.
     */
    private int firstEstimate() {
        double left = secondsLeft();
        Double secondsPerIteration = context.setup().plannedSecondsPerIteration();
        if (!(left > 0)) {
            return currentEpoch;
        }
        return currentEpoch + (secondsPerIteration == null ? Math.max(1, schedule.epochs() - currentEpoch)
                : (int) Math.max(1, Math.floor(left / (schedule.iterationsPerEpoch() * secondsPerIteration))));
    }

    long parameterCount() {
        return parameters.parameters().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** Trains from the current epoch to the schedule's end or the deadline, or until the listener cancels. */
    TrainingResult train(FoldData fold, int workers) throws IOException {
        TrainingSetup setup = context.setup();
        if (schedule.trainingSeconds() != null) {
            deadline = new Deadline(schedule.trainingSeconds(), spentBefore, nanoClock);
        }
        int batchSize = setup.configuration().batchSize();
        int[] patch = setup.configuration().patchSize();
        // a resumed run draws other batches than the run it continues
        long batchSeed = seed + 2L * currentEpoch;
        double oversample = context.settings().oversampleForegroundPercent();
        try (BatchSource training = fold.trainingBatches(batchSize, patch, deepSupervisionScales, oversample,
                context.settings().mirroring(), workers, batchSeed);
                BatchSource validation = fold.validationBatches(batchSize, patch, deepSupervisionScales, oversample,
                        Math.max(1, workers / 2), batchSeed + 1)) {
            while (currentEpoch < epochs) {
                if (!epoch(training, validation)) {
                    checkpoint(CheckpointKind.LATEST);
                    log.print("Training cancelled in epoch " + currentEpoch + ": checkpoint_latest.djl holds the "
                            + "weights reached so far and " + currentEpoch + " finished epochs; continuing repeats epoch "
                            + currentEpoch + ".");
                    return result(false);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checkpoint(CheckpointKind.LATEST);
            log.print("Training interrupted in epoch " + currentEpoch + ": checkpoint_latest.djl holds the weights"
                    + " reached so far and " + currentEpoch + " finished epochs.");
            return result(false);
        }
        if (deadline != null) {
            log.print(String.format(Locale.ROOT, "Time budget spent: %d epochs in %.1f of %.1f s", currentEpoch,
                    deadline.elapsed(), deadline.seconds()));
        }
        checkpoint(CheckpointKind.FINAL);
        Files.deleteIfExists(context.output().resolve(CheckpointKind.LATEST.fileName()));
        log.print("Training done.");
        return result(true);
    }

    private TrainingResult result(boolean finished) {
        return new TrainingResult(context.output(), currentEpoch, finished, bestEma == null ? Double.NaN : bestEma,
                history.epochs() == 0 ? Double.NaN : history.lastEma());
    }

    /** One epoch; false when the listener cancelled it. */
    private boolean epoch(BatchSource training, BatchSource validation) throws IOException, InterruptedException {
        ProgressListener listener = context.listener();
        int epoch = currentEpoch;
        double start = now();
        long startNanos = nanoClock.getAsLong();
        double learningRate = deadline == null ? sgd.polyLearningRate(epoch, epochs)
                : sgd.polyLearningRate(deadline.share(Double.isNaN(epochEndSeconds) ? 0 : epochEndSeconds));
        sgd.setLearningRate(learningRate);
        log.print("");
        log.print("Epoch " + epoch);
        log.print("Current learning rate: " + PythonFloats.round(learningRate, 5));

        int estimateBefore = epochs;
        long waitNanos = 0;
        double trainLoss = 0;
        int iterations = 0;
        // the latest iteration's seconds, not the mean: the first iterations of a run are slow (kernels, JIT)
        double lastIteration = 0;
        boolean timeUp = false;
        while (iterations < schedule.iterationsPerEpoch()) {
            if (listener.cancelled()) {
                return false;
            }
            if (deadline != null) {
                double epochEnd = iterations == 0 && Double.isNaN(epochEndSeconds) ? 0 : epochEndSeconds(lastIteration);
                timeUp = iterations > 0 && !deadline.fits(lastIteration + epochEnd);
                if (timeUp) {
                    break;
                }
                sgd.setLearningRate(sgd.polyLearningRate(deadline.share(epochEnd)));
            }
            long iterationStart = nanoClock.getAsLong();
            long before = System.nanoTime();
            Batch batch = training.next();
            waitNanos += System.nanoTime() - before;
            trainLoss += trainStep(batch, training);
            iterations++;
            lastIteration = (nanoClock.getAsLong() - iterationStart) / 1e9;
        }
        trainLoss /= iterations;
        long trainEndNanos = nanoClock.getAsLong();
        double secondsPerIteration = (trainEndNanos - startNanos) / 1e9 / iterations;
        if (timeUp) {
            log.print("The time budget is spent after " + iterations + " of " + schedule.iterationsPerEpoch()
                    + " training iterations: this is the last epoch");
        }

        PseudoDice pseudoDice = new PseudoDice(context.setup().numOutputs(), context.setup().ignoreLabel());
        double validationLoss = 0;
        for (int i = 0; i < schedule.validationIterationsPerEpoch(); i++) {
            if (listener.cancelled()) {
                return false;
            }
            long before = System.nanoTime();
            Batch batch = validation.next();
            waitNanos += System.nanoTime() - before;
            validationLoss += validationStep(batch, validation, pseudoDice);
        }
        validationLoss /= schedule.validationIterationsPerEpoch();
        double[] dice = pseudoDice.dice();
        double end = now();
        history.add(learningRate, start, end, trainLoss, validationLoss, dice);

        log.print("train_loss " + PythonFloats.round(trainLoss, 4));
        log.print("val_loss " + PythonFloats.round(validationLoss, 4));
        log.print("Pseudo dice " + Arrays.stream(dice).mapToObj(d -> PythonFloats.round(d, 4)).toList());
        log.print("Epoch time: " + PythonFloats.round(end - start, 2) + " s");
        log.print(String.format(Locale.ROOT, "Waiting for batches: %.2f s (%.0f %% of the epoch); %.3f s per training"
                + " iteration", waitNanos / 1e9, 100 * waitNanos / 1e9 / (end - start), secondsPerIteration));

        currentEpoch = epoch + 1;
        if (timeUp) {
            epochs = currentEpoch;
        }
        if (currentEpoch % context.settings().saveEvery() == 0 && currentEpoch != epochs) {
            checkpoint(CheckpointKind.LATEST);
        }
        double ema = history.lastEma();
        boolean newBest = bestEma == null || ema > bestEma;
        if (newBest) {
            bestEma = ema;
            log.print("Yayy! New best EMA pseudo Dice: " + PythonFloats.round(ema, 4));
            checkpoint(CheckpointKind.BEST);
        }
        ProgressPlot.write(context.output().resolve("progress.png"), history);
        long epochEndNanos = nanoClock.getAsLong();
        epochEndSeconds = (epochEndNanos - trainEndNanos) / 1e9;
        if (deadline != null && !timeUp) {
            epochs = currentEpoch + deadline.epochsLeft((epochEndNanos - startNanos) / 1e9,
                    lastIteration + epochEndSeconds);
            log.print(String.format(Locale.ROOT, "Time budget: %.1f of %.1f s spent; about %d epochs in all at this"
                    + " pace", deadline.elapsed(), deadline.seconds(), epochs));
        }
        if (!paceChecked) {
            paceChecked = true;
            comparePaceWithPlan(secondsPerIteration, estimateBefore);
        }
        listener.epochDone(new EpochReport(epoch, epochs, trainLoss, validationLoss, dice, ema, learningRate,
                end - start, newBest));
        return true;
    }

    /**
     * What the end of an epoch (validation, checkpoints, plot) takes: as long as the last epoch's, or before one was
     * measured, as long as its validation iterations would take as training iterations.
     */
    private double epochEndSeconds(double secondsPerIteration) {
        return Double.isNaN(epochEndSeconds) ? schedule.validationIterationsPerEpoch() * secondsPerIteration
                : epochEndSeconds;
    }

    /**
     * The probe check: the first epoch's pace against the budget planner's measured seconds per iteration. More than
     * 2x off, the log says so; a deadline run has already re-estimated its epochs, a fixed one says what it will take.
     */
    private void comparePaceWithPlan(double measured, int estimateBefore) throws IOException {
        Double planned = context.setup().plannedSecondsPerIteration();
        if (planned == null || (measured <= 2 * planned && planned <= 2 * measured)) {
            return;
        }
        String ratio = measured > planned ? String.format(Locale.ROOT, "%.1fx slower", measured / planned)
                : String.format(Locale.ROOT, "%.1fx faster", planned / measured);
        String consequence = deadline != null
                ? String.format(Locale.ROOT, "re-planned for the deadline: about %d epochs instead of %d; the network"
                        + " stays as planned", epochs, estimateBefore)
                : String.format(Locale.ROOT, "the %d epochs will take about %.0f s of training iterations instead of"
                        + " the planned %.0f s", epochs, epochs * schedule.iterationsPerEpoch() * measured,
                        epochs * schedule.iterationsPerEpoch() * planned);
        log.print(String.format(Locale.ROOT, "The planner's probe measured %.3f s per iteration, the first epoch ran"
                + " at %.3f s per iteration (%s): %s", planned, measured, ratio, consequence));
    }

    private double trainStep(Batch batch, BatchSource source) {
        try (NDScope scope = new NDScope()) {
            NDArray data = manager.create(batch.data(), new Shape(batch.dataShape()));
            List<NDArray> targets = targets(batch);
            source.recycle(batch);
            return step.run(data, targets);
        }
    }

    /** nnU-Net's {@code validation_step}: the loss, and the full-resolution output's counts for the pseudo Dice. */
    private double validationStep(Batch batch, BatchSource source, PseudoDice pseudoDice) {
        try (NoGrad noGrad = NoGrad.enter(); NDScope scope = new NDScope()) {
            NDArray data = manager.create(batch.data(), new Shape(batch.dataShape()));
            List<NDArray> targets = targets(batch);
            source.recycle(batch);
            NDList outputs = step.engine().forward(network, parameterStore, new NDList(data), false,
                    step.precision());
            double value = loss.compute(outputs, targets).getFloat();
            pseudoDice.add(outputs.get(0), targets.get(0));
            return value;
        }
    }

    private List<NDArray> targets(Batch batch) {
        List<NDArray> targets = new ArrayList<>(batch.targets().size());
        for (int i = 0; i < batch.targets().size(); i++) {
            targets.add(manager.create(batch.targets().get(i), new Shape(batch.targetShapes().get(i))));
        }
        return targets;
    }

    private void checkpoint(CheckpointKind kind) throws IOException {
        TrainingSetup setup = context.setup();
        TrainerSettings settings = context.settings();
        NDArray[] buffers = sgd.momentumBuffers();
        List<CheckpointHeader.Tensor> tensors = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        List<float[]> momentum = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            tensors.add(new CheckpointHeader.Tensor(parameters.names().get(i), parameters.shape(i),
                    buffers[i] != null));
            weights.add(parameters.parameters().get(i).getArray().toFloatArray());
            momentum.add(buffers[i] == null ? null : buffers[i].toFloatArray());
        }
        CheckpointHeader header = new CheckpointHeader(CheckpointHeader.FORMAT, CheckpointHeader.FORMAT_VERSION,
                context.trainerName(), currentEpoch, epochs, schedule.iterationsPerEpoch(),
                schedule.validationIterationsPerEpoch(), sgd.learningRate(), bestEma, seed,
                deadline == null ? null : new CheckpointHeader.TimeBudget(deadline.seconds(), deadline.elapsed()),
                new CheckpointHeader.Optimizer("SGD", settings.initialLr(), settings.momentum(), settings.nesterov(),
                        settings.weightDecay()),
                new CheckpointHeader.Network(context.architecture().name(), setup.inputChannels(), setup.numOutputs()),
                context.mirroringAxes(),
                new CheckpointHeader.InitArgs(setup.plans(), setup.configurationName(), context.request().fold(),
                        setup.dataset(), NnunetTrainer.deviceName(context.device())),
                history, tensors);
        new Checkpoint(header, weights, momentum).write(context.output().resolve(kind.fileName()));
    }

    private void restore(Checkpoint checkpoint) throws IOException {
        CheckpointHeader header = checkpoint.header();
        List<CheckpointHeader.Tensor> tensors = header.parameters();
        boolean sameNetwork = tensors.size() == parameters.size();
        for (int i = 0; sameNetwork && i < tensors.size(); i++) {
            sameNetwork = tensors.get(i).name().equals(parameters.names().get(i))
                    && Arrays.equals(tensors.get(i).shape(), parameters.shape(i));
        }
        if (!sameNetwork) {
            throw new IOException("the checkpoint's network (" + header.network().architecture() + ", "
                    + tensors.size() + " tensors) is not the one the plans build now (" + context.architecture().name()
                    + ", " + parameters.size() + " tensors); start a new training instead of continuing");
        }
        try (NoGrad noGrad = NoGrad.enter(); NDScope scope = new NDScope()) {
            for (int i = 0; i < tensors.size(); i++) {
                NDArray weight = parameters.parameters().get(i).getArray();
                weight.set(new NDIndex("..."), manager.create(checkpoint.weights().get(i), weight.getShape()));
            }
        }
        sgd.setMomentumBuffers(checkpoint.momentumBuffers());
        sgd.setLearningRate(header.learningRate());
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    @Override
    public void close() {
        manager.close();
    }
}
