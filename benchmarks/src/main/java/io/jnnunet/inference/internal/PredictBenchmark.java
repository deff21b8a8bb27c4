package io.jnnunet.inference.internal;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.Plans;
import io.jnnunet.network.TrainedNetwork;
import io.jnnunet.architectures.internal.PlainConvUNetArchitecture;
import io.jnnunet.benchmarks.BenchmarkPrecision;
import io.jnnunet.benchmarks.BenchmarkReport;
import io.jnnunet.benchmarks.CpuEngine;
import io.jnnunet.benchmarks.OtherLoad;
import io.jnnunet.benchmarks.PythonSide;
import io.jnnunet.benchmarks.Spread;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.Precision;
import io.jnnunet.formats.NnunetJson;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * benchmarks/predict.sh: nnU-Net's sliding-window prediction (step 0.5, Gaussian weights) of one real image with and
 * without mirroring, in jnnunet (the predictor's own {@link SlidingWindowPredictor}, which is why this lives in its
 * package) and in plain PyTorch from Python ({@code benchmarks/python/predict_torch.py}) in a child process, side by
 * side ({@link PythonSide}), taking turns after a warm-up: median seconds with quartiles and extremes, forward
 * passes, matrix-multiplication rates, peak resident memory; writes docs/benchmarks.md. The network is the plans'
 * PlainConvUNet with random weights: the time does not depend on them.
 *
 * <p>Arguments: plans file, configuration, threads (0: the cores other processes leave free, for both sides),
 * docs/benchmarks.md, python script, image (one grey channel), condition ({@code idle} or {@code one-core-busy}).
 * System property {@code benchmark.seconds}: the timed seconds per side and mode (default 30).
 */
public final class PredictBenchmark {

    /** The labels of Dataset002_CellsCoreBorder, whose plans the benchmark uses: background, cell, border. */
    private static final int OUTPUTS = 3;
    private static final double STEP_SIZE = 0.5;
    private static final int MIN_ROUNDS = 5;
    private static final double TARGET = 0.9;
    /** Peak resident memory of a prediction at most this many times PyTorch's. */
    private static final double RSS_TARGET = 1.5;

    private PredictBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path plansFile = Path.of(args[0]);
        Plans plans = new NnunetJson().read(plansFile, Plans.class);
        String configuration = args[1];
        ConfigurationPlan plan = plans.configuration(configuration);
        if (plan.patchSize().length != 2) {
            throw new IllegalArgumentException(plansFile + ": configuration " + configuration + " is not 2-D (patch "
                    + Arrays.toString(plan.patchSize()) + "); the benchmark predicts a 2-D image");
        }
        int requested = Integer.parseInt(args[2]);
        Path report = Path.of(args[3]);
        Path script = Path.of(args[4]);
        Path imageFile = Path.of(args[5]);
        String condition = args[6];
        double budget = Double.parseDouble(System.getProperty("benchmark.seconds", "30"));
        Raster raster = readGrey(imageFile);
        int[] shape = {1, raster.getHeight(), raster.getWidth()};
        float[] image = zScore(raster.getSamples(0, 0, shape[2], shape[1], 0, (double[]) null));
        int threads = requested > 0 ? requested : CpuEngine.freeCores();
        ComputeEngine engine = CpuEngine.withThreads(threads);
        Precision precision = BenchmarkPrecision.of(engine);
        String mark = BenchmarkPrecision.mark(precision);
        double[] matmul = {BenchmarkReport.matmulGflops(engine), 0};

        Map<Boolean, List<Double>> ours = Map.of(true, new ArrayList<>(), false, new ArrayList<>());
        Map<Boolean, List<Double>> theirs = Map.of(true, new ArrayList<>(), false, new ArrayList<>());
        Map<Boolean, Long> passes = new HashMap<>();
        long tiles;
        int rounds;
        double torchRss;
        String load;
        JsonNode setup;
        String blas;
        try (PythonSide torch = new PythonSide(script, plansFile.toString(), configuration,
                Integer.toString(threads), imageFile.toString(), Integer.toString(OUTPUTS));
                NDManager manager = engine.newManager()) {
            matmul[1] = torch.matmulGflops();
            Block block = new PlainConvUNetArchitecture().build(plan.architecture(), 1, OUTPUTS, false);
            int[] patch = plan.patchSize();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, patch[0], patch[1]));
            TrainedNetwork network = new TrainedNetwork(block, "nnUNetTrainer", plans,
                    configuration, null, 1, OUTPUTS, new int[] {0, 1});
            Map<Boolean, SlidingWindowPredictor> predictors = Map.of(
                    true, new SlidingWindowPredictor(List.of(network), manager, true, STEP_SIZE, engine, precision),
                    false, new SlidingWindowPredictor(List.of(network), manager, false, STEP_SIZE, engine, precision));
            tiles = predictors.get(false).tileCount(shape);
            double slowest = 0;
            for (boolean mirroring : List.of(true, false)) {
                passes.put(mirroring, predictors.get(mirroring).batchCount(shape));
                predict(predictors.get(mirroring), image, shape); // warm-up
                JsonNode warm = torch.ask("run " + mode(mirroring) + " 1");
                long torchPasses = warm.get("passes").asLong();
                if (torchPasses != passes.get(mirroring)) {
                    throw new IllegalStateException("the PyTorch reference made " + torchPasses + " forward passes"
                            + " per image, jnnunet " + passes.get(mirroring) + ": they do not do the same work");
                }
                slowest += Math.max(predict(predictors.get(mirroring), image, shape),
                        warm.get("seconds").get(0).asDouble());
            }
            rounds = (int) Math.max(MIN_ROUNDS, Math.ceil(budget / slowest));
            OtherLoad others = new OtherLoad(torch.pid());
            others.start();
            for (int round = 0; round < rounds; round++) {
                for (boolean mirroring : List.of(true, false)) {
                    for (int turn = 0; turn < 2; turn++) {
                        if ((round + turn) % 2 == 0) {
                            ours.get(mirroring).add(predict(predictors.get(mirroring), image, shape));
                        } else {
                            torch.ask("run " + mode(mirroring) + " 1").get("seconds")
                                    .forEach(x -> theirs.get(mirroring).add(x.asDouble()));
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "round %d: mirroring jnnunet %s, PyTorch %s%n", round + 1,
                        Spread.of(ours.get(true)), Spread.of(theirs.get(true)));
            }
            load = others.describe();
            matmul[0] = Math.max(matmul[0], BenchmarkReport.matmulGflops(engine));
            matmul[1] = Math.max(matmul[1], torch.matmulGflops());
            setup = torch.setup();
            blas = torch.blasDescription();
            torchRss = torch.quit();
        }
        double rss = BenchmarkReport.residentPeakMiB();
        boolean busy = condition.equals("one-core-busy");
        Spread ourMirrored = Spread.of(ours.get(true));
        Spread ourPlain = Spread.of(ours.get(false));
        Spread torchMirrored = Spread.of(theirs.get(true));
        Spread torchPlain = Spread.of(theirs.get(false));
        String md = String.format(Locale.ROOT, String.join("\n",
                "## Prediction of one image: jnnunet vs plain PyTorch (%s, %s%s%s)",
                "",
                "`%s%sbash benchmarks/predict.sh %s %s %s`: `%s` (%d x %d, z-scored), patch %s, features %s,",
                "%d outputs (background, cell, border), random weights; sliding window with step 0.5 and nnU-Net's",
                "Gaussian, tiles: %d (padded centred with zeros where the image is smaller than the patch). With",
                "mirroring a tile and its 3 flipped copies, without it several tiles, go through the network",
                "together, at most 4 arrays and 2^19 voxels per pass (so one 640 x 768 array per pass): %d and %d",
                "forward passes. %d thread(s) each%s. The sides take turns after a warm-up: %d rounds, each one",
                "prediction per side and mode, the first side alternating. Machine: %s. %s",
                "",
                "| | with mirroring: median (s) | quartiles | range | n | without mirroring: median (s) | quartiles"
                        + " | range | n | matmul GFLOP/s (best) | peak RSS (MiB) |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
                "| jnnunet (DJL %s, PyTorch %s) | %s | %s | %.0f | %.0f |",
                "| plain PyTorch %s from Python | %s | %s | %.0f | %.0f |",
                "",
                "Ratio jnnunet / PyTorch of the medians, with mirroring: %s; without: %s. Peak resident memory,"
                        + " jnnunet / PyTorch: %s.",
                "jnnunet's engine settings: %s. PyTorch's BLAS: %s; its CPU capability %s."),
                plans.plansName(), configuration, busy ? ", one core busy" : "", mark.isEmpty() ? "" : ", " + mark
                        + " (autocast on both sides)", busy ? "BUSY=1 " : "",
                mark.isEmpty() ? "" : BenchmarkPrecision.VARIABLE + "=" + mark + " ",
                BenchmarkReport.relative(report, plansFile), configuration, args[2], imageFile.getFileName(), shape[1],
                shape[2],
                Arrays.toString(plan.patchSize()), Arrays.toString(plan.architecture().archKwargs().featuresPerStage()),
                OUTPUTS, tiles, passes.get(true), passes.get(false), threads,
                requested == 0 ? " (0: the cores other processes leave free)" : "", rounds,
                BenchmarkReport.machine() + (busy ? ", another process keeping one core busy" : ""), load,
                engine.djlVersion(), engine.engineVersion(), ourMirrored.cells("%.2f"), ourPlain.cells("%.2f"),
                matmul[0], rss, setup.get("torch").asText(), torchMirrored.cells("%.2f"), torchPlain.cells("%.2f"),
                matmul[1], torchRss,
                BenchmarkReport.ratio(ourMirrored.median(), torchMirrored.median(), matmul, TARGET),
                BenchmarkReport.ratio(ourPlain.median(), torchPlain.median(), matmul, TARGET),
                String.format(Locale.ROOT, "**%.2f** (target <= %.1f%s)", rss / torchRss, RSS_TARGET,
                        rss / torchRss <= RSS_TARGET ? ", met" : ", not met"),
                BenchmarkReport.engineEnvironment(), blas, setup.get("capability").asText());
        BenchmarkReport.writeSection(report, "predict-" + plans.plansName() + "-" + configuration
                + (busy ? "-busy" : "") + (mark.isEmpty() ? "" : "-" + mark), md);
        System.out.println(md);
    }

    private static String mode(boolean mirroring) {
        return mirroring ? "mirroring" : "plain";
    }

    /** Seconds of one prediction of the image. */
    private static double predict(SlidingWindowPredictor predictor, float[] image, int[] shape) {
        long start = System.nanoTime();
        predictor.predict(new float[][] {image}, shape, done -> { }, () -> false);
        return (System.nanoTime() - start) / 1e9;
    }

    private static Raster readGrey(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + ": not an image javax.imageio can read");
        }
        if (image.getRaster().getNumBands() != 1) {
            throw new IOException(file + ": " + image.getRaster().getNumBands()
                    + " channels; the benchmark needs one grey channel");
        }
        return image.getRaster();
    }

    /** nnU-Net's ZScoreNormalization of the whole image: (x - mean) / max(std, 1e-8). */
    private static float[] zScore(double[] pixels) {
        double mean = Arrays.stream(pixels).average().orElseThrow();
        double variance = Arrays.stream(pixels).map(p -> (p - mean) * (p - mean)).average().orElseThrow();
        double std = Math.max(Math.sqrt(variance), 1e-8);
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = (float) ((pixels[i] - mean) / std);
        }
        return out;
    }
}
