package io.jnnunet.training.internal;

import io.jnnunet.formats.Checkpoint;
import io.jnnunet.formats.CheckpointHeader;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.formats.NpyArrays;
import io.jnnunet.formats.TorchCheckpoint;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.api.EpochReport;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.Plans;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.TrainerVariant;
import io.jnnunet.api.TrainingRequest;
import io.jnnunet.api.TrainingResult;
import io.jnnunet.architectures.internal.CheckpointNetworkLoader;
import io.jnnunet.architectures.internal.PlainConvUNetArchitecture;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.NoGrad;
import io.jnnunet.djl.Precision;
import io.jnnunet.network.NetworkArchitecture;
import io.jnnunet.network.TrainedNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NnunetTrainerTest {

    private static final int ITERATIONS = 5;
    private static final int VALIDATION_ITERATIONS = 2;
    /** Debian's python3-torch, for the test of nnU-Net's .pth; skipped where it is not installed. */
    private static final String PYTHON = "/usr/bin/python3";
    private static ComputeEngine engine;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @BeforeClass
    public static void startEngine() {
        engine = TestEngine.create();
    }

    @Test
    public void trainsThreeEpochsWritesNnunetsOutputsAndLowersTheLoss() throws IOException {
        Path preprocessed = preprocessedDataset();
        Path fold = temp.getRoot().toPath().resolve("results/nnUNetTrainer__TinyPlans__2d/fold_0");
        Recorder recorder = new Recorder(epoch -> false);
        TrainingResult result = trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS))
                .train(request(preprocessed, fold, false, 3), recorder);

        assertTrue(result.finished());
        assertEquals(3, result.epochsCompleted());
        assertEquals(3, recorder.reports.size());
        EpochReport first = recorder.reports.get(0);
        EpochReport last = recorder.reports.get(2);
        assertTrue("train loss " + first.trainLoss() + " -> " + last.trainLoss(), last.trainLoss() < first.trainLoss());
        assertEquals(0.01, first.learningRate(), 0);
        assertEquals(0.01 * Math.pow(1 / 3.0, 0.9), last.learningRate(), 1e-12);
        assertTrue(first.newBest());
        assertEquals(first.pseudoDice()[0], first.emaPseudoDice(), 0);
        assertEquals(0.9 * recorder.reports.get(1).emaPseudoDice() + 0.1 * last.pseudoDice()[0],
                last.emaPseudoDice(), 1e-12);

        assertTrue(Files.isRegularFile(fold.resolve("checkpoint_final.djl")));
        assertTrue(Files.isRegularFile(fold.resolve("checkpoint_best.djl")));
        assertFalse(Files.exists(fold.resolve("checkpoint_latest.djl")));
        assertTrue(Files.isRegularFile(fold.resolve("debug.json")));
        assertEquals(ProgressPlot.WIDTH, ImageIO.read(fold.resolve("progress.png").toFile()).getWidth());
        assertTrue(Files.isRegularFile(fold.getParent().resolve("plans.json")));
        assertTrue(Files.isRegularFile(fold.getParent().resolve("dataset.json")));
        String log = Files.readString(logFile(fold));
        assertTrue(log.contains(": Epoch 2\n"));
        assertTrue(log.contains(": Current learning rate: 0.01\n"));
        assertTrue(log.contains(": Yayy! New best EMA pseudo Dice: "));
        assertTrue(log.contains(": This split has 4 training and 1 validation cases.\n"));
        assertTrue(log.contains(": Training done.\n"));
        assertTrue(recorder.messages.contains("Training done."));

        CheckpointHeader header = Checkpoint.readHeader(fold.resolve("checkpoint_final.djl"));
        assertEquals(3, header.currentEpoch());
        assertEquals(3, header.logging().epochs());
        assertEquals(last.trainLoss(), header.logging().trainLosses().get(2), 0);
        assertEquals("PlainConvUNet", header.network().architecture());
        assertTrue(header.parameters().stream().anyMatch(t -> t.name().equals("decoder.seg_layers.1.weight")));
        assertEquals("nnUNetTrainer", header.trainerName());
        assertArrayEquals(new int[] {0, 1}, header.inferenceAllowedMirroringAxes());
        assertEquals(new CheckpointHeader.Optimizer("SGD", 0.01, 0.99, true, 3e-5), header.optimizer());
        assertTrue(Files.readString(fold.resolve("debug.json")).contains("(smooth=1e-05, do_bg=False)"));
    }

    /** {@code -tr nnUNetTrainer_1epoch}: the variant's epochs where neither request nor plans fix them. */
    @Test
    public void aTrainedFoldWrittenAsNnunetsPthLoadsIntoNnunetsNetworkInPythonWithTheSameTensors() throws Exception {
        assumeTrue("needs Debian's python3-torch", Files.isExecutable(Path.of(PYTHON)) && new ProcessBuilder(PYTHON,
                "-c", "import torch").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor() == 0);
        Path fold = temp.getRoot().toPath().resolve("results/nnUNetTrainer__TinyPlans__2d/fold_0");
        trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS)).train(request(preprocessedDataset(), fold,
                false, 1), ProgressListener.NONE);
        Checkpoint trained = Checkpoint.read(fold.resolve("checkpoint_final.djl"));
        Path pth = fold.resolve("checkpoint_final.pth");
        TorchCheckpoint.write(trained, pth);
        Path expected = temp.newFolder("expected").toPath();
        for (int i = 0; i < trained.header().parameters().size(); i++) {
            CheckpointHeader.Tensor tensor = trained.header().parameters().get(i);
            NpyArrays.write(expected.resolve(tensor.name() + ".npy"), Arrays.stream(tensor.shape())
                    .mapToInt(Math::toIntExact).toArray(), trained.weights().get(i));
        }
        // jnnunet's own network of the .pth on an input, for Python's to give the same logits
        CheckpointNetworkLoader loader = new CheckpointNetworkLoader();
        Method bind = CheckpointNetworkLoader.class.getDeclaredMethod("addArchitecture", NetworkArchitecture.class,
                Map.class);
        bind.setAccessible(true);
        bind.invoke(loader, new PlainConvUNetArchitecture(), Map.of(NetworkArchitecture.NAME, "PlainConvUNet"));
        Path input = temp.getRoot().toPath().resolve("input.npy");
        Path logits = temp.getRoot().toPath().resolve("logits.npy");
        try (NDManager manager = engine.newManager(); NoGrad noGrad = NoGrad.enter()) {
            TrainedNetwork network = loader.load(pth, manager);
            NDArray x = manager.randomNormal(new Shape(1, 1, 32, 32));
            NDArray y = network.network().forward(new ParameterStore(manager, false), new NDList(x), false).get(0);
            NpyArrays.write(input, new int[] {1, 1, 32, 32}, x.toFloatArray());
            NpyArrays.write(logits, new int[] {1, 2, 32, 32}, y.toFloatArray());
        }
        Path script = temp.getRoot().toPath().resolve("nnunet_loads_pth.py");
        try (InputStream in = getClass().getResourceAsStream("nnunet_loads_pth.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process python = new ProcessBuilder(PYTHON, script.toString(), pth.toString(), expected.toString(),
                Path.of(System.getProperty("user.dir")).resolve("../../benchmarks/python").normalize().toString(),
                input.toString(), logits.toString()).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(output, 0, python.waitFor());
        // 48 tensors; 136 keys with the 40 all_modules aliases of the conv units and the encoder's 48 keys again
        // under decoder.encoder
        assertEquals(48, trained.header().parameters().size());
        assertTrue(output, output.startsWith("loaded: 136 keys, 48 tensors equal"));
        System.out.print(output);
    }

    @Test
    public void aVariantsEpochsApplyWhereThePlansSetNone() throws IOException {
        Path fold = temp.getRoot().toPath().resolve("nnUNetTrainer_1epoch__TinyPlans__2d/fold_0");
        TrainingResult result = trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS))
                .train(request(preprocessedDataset(false), fold, "nnUNetTrainer_1epoch", null), ProgressListener.NONE);

        assertEquals(1, result.epochsCompleted());
        CheckpointHeader header = Checkpoint.readHeader(fold.resolve("checkpoint_final.djl"));
        assertEquals("nnUNetTrainer_1epoch", header.trainerName());
        assertEquals(1, header.numEpochs());
        JsonNode debug = new ObjectMapper().readTree(fold.resolve("debug.json").toFile());
        assertEquals("nnUNetTrainer_1epoch", debug.get("trainer_name").asText());
        assertEquals(1, debug.get("num_epochs").asInt());
    }

    /** nnUNetTrainerNoMirroring: no mirror augmentation, and no test-time mirroring recorded for inference. */
    @Test
    public void noMirroringVariantTurnsOffMirroringInTrainingAndAtInference() throws IOException {
        Path fold = temp.getRoot().toPath().resolve("fold_0");
        SyntheticFold data = new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS);
        trainer(data).train(request(preprocessedDataset(), fold, "nnUNetTrainerNoMirroring", 1), ProgressListener.NONE);

        assertEquals(List.of(false), data.mirroring);
        assertArrayEquals(new int[0], Checkpoint.readHeader(fold.resolve("checkpoint_final.djl"))
                .inferenceAllowedMirroringAxes());
        assertEquals("[]", new ObjectMapper().readTree(fold.resolve("debug.json").toFile())
                .get("inference_allowed_mirroring_axes").toString());
    }

    @Test
    public void noSmoothVariantTrainsWithoutTheDicesSmoothTerm() throws IOException {
        Path fold = temp.getRoot().toPath().resolve("fold_0");
        trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS)).train(request(preprocessedDataset(), fold,
                "nnUNetTrainerDiceCELoss_noSmooth", 1), ProgressListener.NONE);

        String loss = new ObjectMapper().readTree(fold.resolve("debug.json").toFile()).get("loss").asText();
        assertTrue(loss, loss.startsWith("DeepSupervisionWrapper(DC_and_CE_loss(MemoryEfficientSoftDiceLoss("
                + "smooth=0.0, do_bg=False)"));
        assertEquals("nnUNetTrainerDiceCELoss_noSmooth",
                Checkpoint.readHeader(fold.resolve("checkpoint_final.djl")).trainerName());
    }

    /** nnUNetTrainerNoDeepSupervision: one output, one full-resolution target, the loss unwrapped. */
    @Test
    public void noDeepSupervisionVariantTrainsOnTheFullResolutionAlone() throws IOException {
        Path fold = temp.getRoot().toPath().resolve("fold_0");
        TrainingResult result = trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS)).train(
                request(preprocessedDataset(), fold, "nnUNetTrainerNoDeepSupervision", 1), ProgressListener.NONE);

        assertTrue(result.finished());
        JsonNode debug = new ObjectMapper().readTree(fold.resolve("debug.json").toFile());
        assertFalse(debug.get("enable_deep_supervision").asBoolean());
        assertTrue(debug.get("loss").asText(), debug.get("loss").asText().startsWith("DC_and_CE_loss("));
    }

    @Test
    public void anUnknownVariantIsRefusedWithTheInstalledNamesBeforeAnythingIsWritten() throws IOException {
        Path fold = temp.getRoot().toPath().resolve("nnUNetTrainer_3epochs__TinyPlans__2d/fold_0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS))
                        .train(request(preprocessedDataset(), fold, "nnUNetTrainer_3epochs", 1),
                                ProgressListener.NONE));

        assertTrue(e.getMessage(), e.getMessage().startsWith("no trainer variant 'nnUNetTrainer_3epochs' is"
                + " installed; installed: [nnUNetTrainer, nnUNetTrainerDiceCELoss_noSmooth, "));
        assertTrue(e.getMessage(), e.getMessage().contains("nnUNetTrainer_5epochs"));
        assertFalse(Files.exists(fold.getParent()));
    }

    /** A lab's bundle registers a variant of a built-in's name with a higher ranking: its settings win. */
    @Test
    public void aHigherRankedVariantOfTheSameNameWins() throws IOException {
        Path fold = temp.getRoot().toPath().resolve("fold_0");
        NnunetTrainer trainer = trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS));
        TrainerVariant lab = new NnunetTrainerVariants.Variant("nnUNetTrainer_1epoch", s -> s.withNumEpochs(2));
        trainer.addVariant(lab, Map.of(TrainerVariant.NAME, "nnUNetTrainer_1epoch", NamedServices.RANKING, 10));

        TrainingResult result = trainer.train(request(preprocessedDataset(false), fold, "nnUNetTrainer_1epoch", null),
                ProgressListener.NONE);

        assertEquals(2, result.epochsCompleted());
        assertEquals("nnUNetTrainer_1epoch", Checkpoint.readHeader(fold.resolve("checkpoint_final.djl"))
                .trainerName());
    }

    /**
     * Cancelled after two of four epochs, then continued: the run picks up checkpoint_latest and ends with the very
     * weights, history and epoch numbers of an uninterrupted four-epoch run on the same (epoch-periodic) batches.
     */
    @Test
    public void cancelledRunContinuesToTheWeightsOfAnUninterruptedRun() throws IOException {
        Path preprocessed = preprocessedDataset();
        Path whole = temp.getRoot().toPath().resolve("whole/fold_0");
        Path split = temp.getRoot().toPath().resolve("split/fold_0");

        Engine.getEngine("PyTorch").setRandomSeed(7);
        trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS)).train(request(preprocessed, whole, false, 4),
                ProgressListener.NONE);

        Engine.getEngine("PyTorch").setRandomSeed(7);
        Recorder stopAfterTwo = new Recorder(epochsDone -> epochsDone == 2);
        TrainingResult stopped = trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS))
                .train(request(preprocessed, split, false, 4), stopAfterTwo);
        assertFalse(stopped.finished());
        assertEquals(2, stopped.epochsCompleted());
        assertEquals(2, Checkpoint.readHeader(split.resolve("checkpoint_latest.djl")).currentEpoch());
        assertFalse(Files.exists(split.resolve("checkpoint_final.djl")));

        Engine.getEngine("PyTorch").setRandomSeed(99);
        SyntheticFold fold = new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS);
        Recorder resumed = new Recorder(epoch -> false);
        TrainingResult result = trainer(fold).train(request(preprocessed, split, true, null), resumed);
        assertTrue(result.finished());
        assertEquals(4, result.epochsCompleted());
        assertEquals(List.of(2, 3), resumed.reports.stream().map(EpochReport::epoch).toList());
        assertEquals(4, resumed.reports.get(0).epochs());
        assertFalse(Files.exists(split.resolve("checkpoint_latest.djl")));

        Checkpoint expected = Checkpoint.read(whole.resolve("checkpoint_final.djl"));
        Checkpoint actual = Checkpoint.read(split.resolve("checkpoint_final.djl"));
        // the resumed run draws its batches from the run's seed moved on by the epochs done
        assertEquals(List.of(actual.header().seed() + 4, actual.header().seed() + 5), fold.seeds);
        assertEquals(expected.header().logging().trainLosses(), actual.header().logging().trainLosses());
        assertEquals(expected.header().logging().emaFgDice(), actual.header().logging().emaFgDice());
        for (int i = 0; i < expected.weights().size(); i++) {
            assertArrayEquals(expected.header().parameters().get(i).name(), expected.weights().get(i),
                    actual.weights().get(i), 0f);
            assertArrayEquals(expected.momentumBuffers().get(i), actual.momentumBuffers().get(i), 0f);
        }
    }

    @Test
    public void finishedTrainingContinuedWithMoreEpochsTrainsOn() throws IOException {
        Path preprocessed = preprocessedDataset();
        Path fold = temp.getRoot().toPath().resolve("fold_0");
        trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS)).train(request(preprocessed, fold, false, 2),
                ProgressListener.NONE);

        Recorder recorder = new Recorder(epoch -> false);
        TrainingResult result = trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS))
                .train(request(preprocessed, fold, true, 3), recorder);
        assertEquals(3, result.epochsCompleted());
        assertEquals(List.of(2), recorder.reports.stream().map(EpochReport::epoch).toList());
        // the poly schedule of the new length
        assertEquals(0.01 * Math.pow(1 / 3.0, 0.9), recorder.reports.get(0).learningRate(), 1e-12);
        assertEquals(3, Checkpoint.readHeader(fold.resolve("checkpoint_final.djl")).logging().epochs());
    }

    /** A kill -9 during a write leaves a temporary file, and a damaged checkpoint is passed over. */
    @Test
    public void continuingIgnoresTemporaryFilesAndDamagedCheckpoints() throws IOException {
        Path preprocessed = preprocessedDataset();
        Path fold = temp.getRoot().toPath().resolve("fold_0");
        trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS)).train(request(preprocessed, fold, false, 2),
                ProgressListener.NONE);
        byte[] finalBytes = Files.readAllBytes(fold.resolve("checkpoint_final.djl"));
        Files.write(fold.resolve(".checkpoint_latest.djl1234567.tmp"),
                java.util.Arrays.copyOf(finalBytes, finalBytes.length / 2));
        Files.write(fold.resolve("checkpoint_latest.djl"), java.util.Arrays.copyOf(finalBytes, finalBytes.length / 3));

        Recorder recorder = new Recorder(epoch -> false);
        TrainingResult result = trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS))
                .train(request(preprocessed, fold, true, 3), recorder);
        assertEquals(3, result.epochsCompleted());
        assertEquals(List.of(2), recorder.reports.stream().map(EpochReport::epoch).toList());
        assertTrue(recorder.messages.stream().anyMatch(m -> m.startsWith("WARNING: cannot use checkpoint_latest.djl")));
        assertTrue(recorder.messages.stream().anyMatch(m -> m.startsWith("Continuing from checkpoint_final.djl")));
        assertFalse(Files.exists(fold.resolve(".checkpoint_latest.djl1234567.tmp")));
    }

    @Test
    public void continuingWithoutCheckpointStartsANewTraining() throws IOException {
        Recorder recorder = new Recorder(epoch -> false);
        TrainingResult result = trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS))
                .train(request(preprocessedDataset(), temp.getRoot().toPath().resolve("fold_0"), true, 1), recorder);
        assertEquals(1, result.epochsCompleted());
        assertTrue(recorder.messages.stream().anyMatch(m -> m.startsWith("WARNING: Cannot continue training")));
    }

    /**
     * A budget plan trains to its deadline, 3 s of simulated time, on a machine that gets 3x slower half-way, with a
     * probe that was 60x off: the run ends within one iteration of the deadline with the learning rate near its end
     * value; each epoch's learning rate is the poly schedule at the elapsed share of the time; the epochs are an
     * estimate, re-made from the pace, that ends as the epochs done.
     */
    @Test
    public void aDeadlineRunEndsAtItsDeadlineWithTheLearningRateAtItsEndWhateverThePace() throws IOException {
        int firstMillis = 60;
        int thenMillis = 180;
        double budget = 3;
        Path preprocessed = preprocessedDataset(true, "\"budget\": {\"training_seconds\": " + budget
                + ", \"seconds_per_iteration\": 0.001},");
        Path fold = temp.getRoot().toPath().resolve("fold_0");
        SimulatedClock clock = new SimulatedClock(firstMillis, thenMillis, budget / 2);
        Recorder recorder = new Recorder(epoch -> false);
        TrainingResult result = trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS, clock), clock)
                .train(request(preprocessed, fold, false, null), recorder);

        assertTrue(result.finished());
        CheckpointHeader header = Checkpoint.readHeader(fold.resolve("checkpoint_final.djl"));
        double elapsed = header.timeBudget().elapsedSeconds();
        assertEquals(budget, header.timeBudget().trainingSeconds(), 0);
        // the last iteration ends where the next one and the epoch's end would not fit any more
        double lastIteration = Math.max(firstMillis, thenMillis) / 1000.0;
        assertTrue("training loop " + elapsed + " s", elapsed <= budget + 1e-9
                && elapsed > budget - lastIteration - VALIDATION_ITERATIONS * SimulatedClock.VALIDATION_SECONDS);
        assertTrue("last learning rate " + header.learningRate(), header.learningRate() < 0.01 * Math.pow(0.15, 0.9));
        int epochs = recorder.reports.size();
        assertEquals(epochs, result.epochsCompleted());
        assertEquals(epochs, header.currentEpoch());
        assertEquals(epochs, header.numEpochs());
        assertEquals(epochs, recorder.reports.get(epochs - 1).epochs());
        assertTrue(recorder.reports.toString(), recorder.reports.get(0).epochs() != epochs);
        // each epoch's learning rate: the poly schedule at the share of the time elapsed when it began, of the time
        // less the end of the last epoch (the validation's time, once measured)
        for (int e = 0; e < epochs; e++) {
            double reserve = e == 0 ? 0 : VALIDATION_ITERATIONS * SimulatedClock.VALIDATION_SECONDS;
            double share = clock.epochStarts.get(e) / 1e9 / (budget - reserve);
            assertEquals("epoch " + e, 0.01 * Math.pow(1 - share, 0.9), recorder.reports.get(e).learningRate(),
                    1e-9);
        }
        String log = Files.readString(logFile(fold));
        assertTrue(log.contains(": Training to a deadline: 3.0 s of training time, 3.0 s of it left;"));
        assertTrue(log.contains(": Training 600 epochs of 5 iterations"));
        assertTrue(log, log.contains(String.format(java.util.Locale.ROOT, ": The planner's probe measured 0.001 s per"
                + " iteration, the first epoch ran at 0.060 s per iteration (60.0x slower): re-planned for the"
                + " deadline: about %d epochs instead of 600", recorder.reports.get(0).epochs())));
        assertTrue(log.contains(": Time budget spent: " + epochs + " epochs in "));
    }

    /** Cancelled after an epoch and continued: the deadline run trains on for the time that was left. */
    @Test
    public void aContinuedDeadlineRunTrainsForTheTimeThatWasLeft() throws IOException {
        double budget = 3;
        Path preprocessed = preprocessedDataset();
        Path fold = temp.getRoot().toPath().resolve("fold_0");
        SimulatedClock first = new SimulatedClock(100, 100, 0);
        TrainingResult stopped = trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS, first), first).train(
                request(preprocessed, fold, false, null, budget), new Recorder(epochsDone -> epochsDone == 1));
        assertFalse(stopped.finished());
        CheckpointHeader.TimeBudget spent = Checkpoint.readHeader(fold.resolve("checkpoint_latest.djl")).timeBudget();
        assertEquals(budget, spent.trainingSeconds(), 0);
        double epochSeconds = ITERATIONS * 0.1 + VALIDATION_ITERATIONS * SimulatedClock.VALIDATION_SECONDS;
        assertEquals(epochSeconds, spent.elapsedSeconds(), 1e-9);

        SimulatedClock second = new SimulatedClock(100, 100, 0);
        Recorder resumed = new Recorder(epoch -> false);
        TrainingResult result = trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS, second), second)
                .train(request(preprocessed, fold, true, null), resumed);

        assertTrue(result.finished());
        assertEquals(1, resumed.reports.get(0).epoch());
        assertEquals(0.01 * Math.pow(1 - epochSeconds / budget, 0.9), resumed.reports.get(0).learningRate(), 1e-9);
        CheckpointHeader header = Checkpoint.readHeader(fold.resolve("checkpoint_final.djl"));
        double elapsed = header.timeBudget().elapsedSeconds();
        assertTrue("training loop " + elapsed + " s", elapsed <= budget + 1e-9 && elapsed > budget - 0.15);
        assertEquals("the resumed run's seconds", elapsed - epochSeconds, second.getAsLong() / 1e9, 1e-9);
        assertTrue(resumed.messages.contains("Continuing from checkpoint_latest.djl with 1 of 6 epochs finished"));
        assertTrue(resumed.messages.stream().anyMatch(m -> m.startsWith(
                "Training to a deadline: 3.0 s of training time, 2.5 s of it left")));
    }

    /** {@code --epochs} on a budget plan: nnU-Net's fixed schedule, no deadline. */
    @Test
    public void aFixedEpochCountOnABudgetPlanKeepsNnunetsSchedule() throws IOException {
        Path preprocessed = preprocessedDataset(true, "\"budget\": {\"training_seconds\": 600.0},");
        Path fold = temp.getRoot().toPath().resolve("fold_0");
        Recorder recorder = new Recorder(epoch -> false);
        trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS)).train(request(preprocessed, fold, false, 2),
                recorder);

        assertEquals(List.of(0.01, 0.01 * Math.pow(0.5, 0.9)),
                recorder.reports.stream().map(EpochReport::learningRate).toList());
        assertEquals(List.of(2, 2), recorder.reports.stream().map(EpochReport::epochs).toList());
        assertEquals(null, Checkpoint.readHeader(fold.resolve("checkpoint_final.djl")).timeBudget());
        assertFalse(recorder.messages.stream().anyMatch(m -> m.contains("deadline")));
    }

    /**
     * Simulated time, which passes only as batches are handed out: a training batch takes one time, another once the
     * clock has passed a point (the machine gets slower or faster); a validation batch 10 ms. Records the time at
     * which each epoch's first training batch was asked for.
     */
    private static final class SimulatedClock implements LongSupplier, SyntheticFold.Pace {
        static final double VALIDATION_SECONDS = 0.01;
        final List<Long> epochStarts = new ArrayList<>();
        private final long firstNanos;
        private final long thenNanos;
        private final long changeAt;
        private long nanos;

        SimulatedClock(int firstMillis, int thenMillis, double changeAtSeconds) {
            this.firstNanos = firstMillis * 1_000_000L;
            this.thenNanos = thenMillis * 1_000_000L;
            this.changeAt = (long) (changeAtSeconds * 1e9);
        }

        @Override
        public long getAsLong() {
            return nanos;
        }

        @Override
        public void batch(boolean training, int n) {
            if (training && n % ITERATIONS == 0) {
                epochStarts.add(nanos);
            }
            nanos += !training ? (long) (VALIDATION_SECONDS * 1e9) : nanos < changeAt ? firstNanos : thenNanos;
        }
    }

    /**
     * {@code --precision bf16} for a network that bfloat16 would get wrong (widths 8, 16, 32; in this build also
     * oneDNN limited to AVX2): the trainer runs float32 and says why, in the log and in debug.json.
     */
    @Test
    public void bf16FallsBackToFloat32WhereTheEngineCannotRunItAndSaysWhy() throws IOException {
        Path fold = temp.getRoot().toPath().resolve("fold_0");
        TrainingRequest asked = request(preprocessedDataset(), fold, false, 1);
        trainer(new SyntheticFold(ITERATIONS, VALIDATION_ITERATIONS)).train(new TrainingRequest(
                asked.preprocessedDataset(), fold, asked.trainer(), asked.plansName(), asked.configuration(),
                asked.fold(), false, 1, ITERATIONS, "cpu", null, "bf16"), ProgressListener.NONE);

        String log = Files.readString(logFile(fold));
        assertTrue(log, log.contains(": Precision: fp32 (bf16 asked for, but "));
        assertEquals("fp32", new ObjectMapper().readTree(fold.resolve("debug.json").toFile()).get("precision")
                .asText());
    }

    /**
     * The trainer's iteration of a U-Net with bfloat16 passes (forced: the engine offers them only where oneDNN's
     * kernels run them natively and right): instance norm, transposed convolutions, heads in float32 and the deep
     * supervision loss work on them, the loss falls on a batch seen again and again, the weights stay float32.
     */
    @Test
    public void aBf16IterationTrainsTheFloat32Weights() throws IOException {
        ArchitecturePlan plan = new NnunetJson().read(preprocessedDataset().resolve("TinyPlans.json"), Plans.class)
                .configuration("2d").architecture();
        try (RandomIteration iteration = new RandomIteration(engine, engine.device("cpu"),
                new PlainConvUNetArchitecture(), plan, 1, 3, 2, new int[] {32, 32}, true, Precision.BF16)) {
            List<Float> losses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                iteration.seconds();
                losses.add(iteration.loss());
            }
            assertTrue(losses.toString(), losses.stream().allMatch(Float::isFinite));
            assertTrue(losses.toString(), losses.get(5) < losses.get(0));
        }
    }

    /** The trainer with PlainConvUNet and the built-in variants, as the training bundle registers them. */
    private NnunetTrainer trainer(FoldData fold) {
        return trainer(fold, System::nanoTime);
    }

    private NnunetTrainer trainer(FoldData fold, LongSupplier clock) {
        NnunetTrainer trainer = new NnunetTrainer(engine, (dataset, plans, configuration, f) -> fold, 1, clock);
        trainer.addArchitecture(new PlainConvUNetArchitecture(), Map.of());
        for (TrainerVariant variant : NnunetTrainerVariants.variants()) {
            trainer.addVariant(variant, Map.of(TrainerVariant.NAME, variant.name()));
        }
        return trainer;
    }

    private static TrainingRequest request(Path preprocessed, Path fold, boolean continueTraining, Integer epochs) {
        return request(preprocessed, fold, continueTraining, epochs, null);
    }

    private static TrainingRequest request(Path preprocessed, Path fold, boolean continueTraining, Integer epochs,
            Double trainingSeconds) {
        return new TrainingRequest(preprocessed, fold, "nnUNetTrainer", "TinyPlans", "2d", "0", continueTraining,
                epochs, ITERATIONS, "cpu", trainingSeconds, null);
    }

    private static TrainingRequest request(Path preprocessed, Path fold, String trainer, Integer epochs) {
        return new TrainingRequest(preprocessed, fold, trainer, "TinyPlans", "2d", "0", false, epochs, ITERATIONS,
                "cpu", null, null);
    }

    private static Path logFile(Path fold) throws IOException {
        try (Stream<Path> files = Files.list(fold)) {
            return files.filter(f -> f.getFileName().toString().matches("training_log_\\d{4}_\\d+_\\d+_\\d\\d_\\d\\d_\\d\\d\\.txt"))
                    .findFirst().orElseThrow();
        }
    }

    private Path preprocessedDataset() throws IOException {
        return preprocessedDataset(true);
    }

    /**
     * A dataset folder with a 3-stage 2-D PlainConvUNet plan on 32×32 patches and a dataset.json.
     *
     * @param plannedEpochs whether the plans fix {@code num_epochs} (1000), as the budget planner's do
     */
    private Path preprocessedDataset(boolean plannedEpochs) throws IOException {
        return preprocessedDataset(plannedEpochs, "");
    }

    /** @param budget a {@code "budget": {...},} entry for the configuration, or empty */
    private Path preprocessedDataset(boolean plannedEpochs, String budget) throws IOException {
        Path folder = temp.getRoot().toPath().resolve("nnUNet_preprocessed/Dataset001_Tiny");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("TinyPlans.json"), """
                {
                    "dataset_name": "Dataset001_Tiny",
                    "plans_name": "TinyPlans",
                    "original_median_spacing_after_transp": [999.0, 1.0, 1.0],
                    "original_median_shape_after_transp": [1, 32, 32],
                    "image_reader_writer": "NaturalImage2DIO",
                    "transpose_forward": [0, 1, 2],
                    "transpose_backward": [0, 1, 2],
                    "configurations": {
                        "2d": {
                            "data_identifier": "TinyPlans_2d",
                            "preprocessor_name": "DefaultPreprocessor",
                            "batch_size": 2,
                            "patch_size": [32, 32],
                            "median_image_size_in_voxels": [32.0, 32.0],
                            "spacing": [1.0, 1.0],
                            "normalization_schemes": ["ZScoreNormalization"],
                            "use_mask_for_norm": [false],
                            "architecture": {
                                "network_class_name": "dynamic_network_architectures.architectures.unet.PlainConvUNet",
                                "arch_kwargs": {
                                    "n_stages": 3,
                                    "features_per_stage": [8, 16, 32],
                                    "conv_op": "torch.nn.modules.conv.Conv2d",
                                    "kernel_sizes": [[3, 3], [3, 3], [3, 3]],
                                    "strides": [[1, 1], [2, 2], [2, 2]],
                                    "n_conv_per_stage": [2, 2, 2],
                                    "n_conv_per_stage_decoder": [2, 2],
                                    "conv_bias": true,
                                    "norm_op": "torch.nn.modules.instancenorm.InstanceNorm2d",
                                    "norm_op_kwargs": {"eps": 1e-05, "affine": true},
                                    "dropout_op": null,
                                    "dropout_op_kwargs": null,
                                    "nonlin": "torch.nn.LeakyReLU",
                                    "nonlin_kwargs": {"inplace": true}
                                },
                                "_kw_requires_import": ["conv_op", "norm_op", "dropout_op", "nonlin"]
                            },
                            "batch_dice": true,%s%s
                            "num_iterations_per_epoch": 250,
                            "num_val_iterations_per_epoch": %d
                        }
                    },
                    "experiment_planner_used": "test",
                    "label_manager": "LabelManager",
                    "foreground_intensity_properties_per_channel": {}
                }
                """.formatted(plannedEpochs ? "\n\"num_epochs\": 1000," : "", budget, VALIDATION_ITERATIONS),
                StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("dataset.json"), """
                {"channel_names": {"0": "fluorescence"}, "labels": {"background": 0, "cell": 1}, "numTraining": 5,
                 "file_ending": ".png"}
                """, StandardCharsets.UTF_8);
        return folder;
    }

    /** Collects reports and messages; cancels when the predicate accepts the number of finished epochs. */
    private static final class Recorder implements ProgressListener {
        final List<EpochReport> reports = new ArrayList<>();
        final List<String> messages = new ArrayList<>();
        private final IntPredicate cancelAfter;

        Recorder(IntPredicate cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void message(String line) {
            messages.add(line);
        }

        @Override
        public void epochDone(EpochReport report) {
            reports.add(report);
        }

        @Override
        public boolean cancelled() {
            return cancelAfter.test(reports.size());
        }
    }
}
