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

/**
 * One training of one fold, nnU-Net's {@code run_training} loop: per epoch the poly learning rate, the training
 * iterations (forward with deep supervision, loss, backward, clipping, SGD step), the validation iterations (loss and
 * the pseudo Dice's TP/FP/FN of the full-resolution argmax), the log, the checkpoints and progress.png. The network
 * lives in one NDManager on the run's device; every iteration's temporary arrays are freed by an NDScope. The
 * hyper-parameters are the trainer variant's ({@link RunContext#settings()}).
 */
final class TrainingRun implements AutoCloseable {

    private final RunContext context;
    private final TrainingLogFile log;
    private final Schedule schedule;
    private final long seed;
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

    /**
     * Builds the network on the device and, when a checkpoint is given, restores its weights, momentum buffers,
     * epoch, history and best EMA.
     */
    TrainingRun(RunContext context, TrainingLogFile log, Schedule schedule, long seed, Checkpoint resumed)
            throws IOException {
        this.context = context;
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
            this.step = new TrainingStep(context.engine(), network, parameterStore, loss, sgd);
            if (resumed == null) {
                this.history = new TrainingHistory();
            } else {
                restore(resumed);
                this.history = resumed.header().logging();
                this.bestEma = resumed.header().bestEma();
                this.currentEpoch = resumed.header().currentEpoch();
            }
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

    long parameterCount() {
        return parameters.parameters().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** Trains from the current epoch to the schedule's end, or until the listener cancels. */
    TrainingResult train(FoldData fold, int workers) throws IOException {
        TrainingSetup setup = context.setup();
        int batchSize = setup.configuration().batchSize();
        int[] patch = setup.configuration().patchSize();
        // a resumed run draws other batches than the run it continues
        long batchSeed = seed + 2L * currentEpoch;
        double oversample = context.settings().oversampleForegroundPercent();
        try (BatchSource training = fold.trainingBatches(batchSize, patch, deepSupervisionScales, oversample,
                context.settings().mirroring(), workers, batchSeed);
                BatchSource validation = fold.validationBatches(batchSize, patch, deepSupervisionScales, oversample,
                        Math.max(1, workers / 2), batchSeed + 1)) {
            while (currentEpoch < schedule.epochs()) {
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
        double learningRate = sgd.polyLearningRate(epoch, schedule.epochs());
        sgd.setLearningRate(learningRate);
        log.print("");
        log.print("Epoch " + epoch);
        log.print("Current learning rate: " + PythonFloats.round(learningRate, 5));

        long waitNanos = 0;
        double trainLoss = 0;
        for (int i = 0; i < schedule.iterationsPerEpoch(); i++) {
            if (listener.cancelled()) {
                return false;
            }
            long before = System.nanoTime();
            Batch batch = training.next();
            waitNanos += System.nanoTime() - before;
            trainLoss += trainStep(batch, training);
        }
        trainLoss /= schedule.iterationsPerEpoch();
        double trainEnd = now();

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
                + " iteration", waitNanos / 1e9, 100 * waitNanos / 1e9 / (end - start),
                (trainEnd - start) / schedule.iterationsPerEpoch()));

        currentEpoch = epoch + 1;
        if (currentEpoch % context.settings().saveEvery() == 0 && currentEpoch != schedule.epochs()) {
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
        listener.epochDone(new EpochReport(epoch, schedule.epochs(), trainLoss, validationLoss, dice, ema,
                learningRate, end - start, newBest));
        return true;
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
            NDList outputs = network.forward(parameterStore, new NDList(data), false);
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
                context.trainerName(), currentEpoch, schedule.epochs(), schedule.iterationsPerEpoch(),
                schedule.validationIterationsPerEpoch(), sgd.learningRate(), bestEma, seed,
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
