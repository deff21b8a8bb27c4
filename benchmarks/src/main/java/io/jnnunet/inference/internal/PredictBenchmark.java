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
import io.jnnunet.benchmarks.BenchmarkReport;
import io.jnnunet.benchmarks.CpuEngine;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.formats.NnunetJson;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * benchmarks/predict.sh: nnU-Net's sliding-window prediction (step 0.5, Gaussian weights) of one real image with and
 * without mirroring, in jnnunet (the predictor's own {@link SlidingWindowPredictor}, which is why this lives in its
 * package) and in plain PyTorch from Python ({@code benchmarks/python/predict_torch.py}) in a child process, side by
 * side: median seconds of several runs after a warm-up, forward passes, peak resident memory; writes
 * docs/benchmarks.md. The network is the plans' PlainConvUNet with random weights: the time does not depend on them.
 *
 * <p>Arguments: plans file, configuration, threads, docs/benchmarks.md, python script, image (one grey channel),
 * runs.
 */
public final class PredictBenchmark {

    /** The labels of Dataset002_CellsCoreBorder, whose plans the benchmark uses: background, cell, border. */
    private static final int OUTPUTS = 3;
    private static final double STEP_SIZE = 0.5;

    private PredictBenchmark() {
    }

    /** One way of predicting: median seconds per image and forward passes per image. */
    private record Timing(double seconds, long passes) {
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
        int threads = Integer.parseInt(args[2]);
        Path report = Path.of(args[3]);
        Path script = Path.of(args[4]);
        Path imageFile = Path.of(args[5]);
        int runs = Integer.parseInt(args[6]);
        Raster raster = readGrey(imageFile);
        int[] shape = {1, raster.getHeight(), raster.getWidth()};
        float[] image = zScore(raster.getSamples(0, 0, shape[2], shape[1], 0, (double[]) null));

        ComputeEngine engine = CpuEngine.withThreads(threads);
        Timing mirrored;
        Timing plain;
        long tiles;
        try (NDManager manager = engine.newManager()) {
            Block block = new PlainConvUNetArchitecture().build(plan.architecture(), 1, OUTPUTS, false);
            int[] patch = plan.patchSize();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, patch[0], patch[1]));
            TrainedNetwork network = new TrainedNetwork(block, "nnUNetTrainer", plans,
                    configuration, null, 1, OUTPUTS, new int[] {0, 1});
            mirrored = time(network, manager, true, image, shape, runs);
            plain = time(network, manager, false, image, shape, runs);
            tiles = new SlidingWindowPredictor(List.of(network), manager, false, STEP_SIZE).tileCount(shape);
        }
        double rss = BenchmarkReport.residentPeakMiB();
        System.out.printf(Locale.ROOT, "jnnunet: %.3f s with mirroring, %.3f s without%n", mirrored.seconds(),
                plain.seconds());

        JsonNode torch = BenchmarkReport.python(script, plansFile.toString(), configuration,
                Integer.toString(threads), Integer.toString(runs), imageFile.toString(), Integer.toString(OUTPUTS));
        Timing torchMirrored = timing(torch.get("mirroring"));
        Timing torchPlain = timing(torch.get("no_mirroring"));
        if (torchMirrored.passes() != mirrored.passes() || torchPlain.passes() != plain.passes()) {
            throw new IllegalStateException("the PyTorch reference made " + torchMirrored.passes() + " / "
                    + torchPlain.passes() + " forward passes, jnnunet " + mirrored.passes() + " / " + plain.passes()
                    + ": they do not do the same work");
        }

        String md = String.format(Locale.ROOT, String.join("\n",
                "## Prediction of one image: jnnunet vs plain PyTorch (%s, %s)",
                "",
                "`bash benchmarks/predict.sh %s %s %d`: `%s` (%d x %d, z-scored), patch %s, features %s,",
                "%d outputs (background, cell, border), random weights; sliding window with step 0.5 and nnU-Net's",
                "Gaussian, tiles: %d (padded centred with zeros where the image is smaller than the patch). With",
                "mirroring a tile and its 3 flipped copies, without it several tiles, go through the network",
                "together, at most 4 arrays and 2^19 voxels per pass (so one 640 x 768 array per pass): %d and %d",
                "forward passes. Median of %d runs after a warm-up, %d threads each, side by side in one run.",
                "Machine: %s.",
                "",
                "| | with mirroring (s) | without mirroring (s) | peak RSS (MiB) |",
                "| --- | --- | --- | --- |",
                "| jnnunet (DJL %s, PyTorch %s) | %.2f | %.2f | %.0f |",
                "| plain PyTorch %s from Python | %.2f | %.2f | %.0f |",
                "| ratio jnnunet / PyTorch (target <= 1.0) | **%.2f** | **%.2f** | |",
                "",
                "Memory: DJL frees an array when it is closed, not after its last use, so all intermediate arrays of a",
                "forward pass live until the pass ends (then they are closed); PyTorch frees each one as soon as it is",
                "no longer needed."),
                plans.plansName(), configuration, relative(report, plansFile), configuration, threads,
                imageFile.getFileName(), shape[1], shape[2], Arrays.toString(plan.patchSize()),
                Arrays.toString(plan.architecture().archKwargs().featuresPerStage()), OUTPUTS, tiles,
                mirrored.passes(), plain.passes(), runs, threads, BenchmarkReport.machine(), engine.djlVersion(),
                engine.engineVersion(), mirrored.seconds(), plain.seconds(), rss, torch.get("torch").asText(),
                torchMirrored.seconds(), torchPlain.seconds(), torch.get("peak_rss_mib").asDouble(),
                mirrored.seconds() / torchMirrored.seconds(), plain.seconds() / torchPlain.seconds());
        BenchmarkReport.writeSection(report, "predict-" + plans.plansName() + "-" + configuration, md);
        System.out.println(md);
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

    private static Timing time(TrainedNetwork network, NDManager manager, boolean mirroring, float[] image,
            int[] shape, int runs) {
        SlidingWindowPredictor predictor = new SlidingWindowPredictor(List.of(network), manager, mirroring,
                STEP_SIZE);
        float[][] data = {image};
        double[] seconds = new double[runs];
        for (int run = -1; run < runs; run++) { // run -1 warms up
            long start = System.nanoTime();
            predictor.predict(data, shape, done -> { }, () -> false);
            if (run >= 0) {
                seconds[run] = (System.nanoTime() - start) / 1e9;
            }
        }
        return new Timing(median(seconds), predictor.batchCount(shape));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static Timing timing(JsonNode node) {
        return new Timing(node.get("seconds").asDouble(), node.get("passes").asLong());
    }

    /** The plans file as the command to rerun gives it: relative to the repository (docs/..), when it is inside. */
    private static String relative(Path report, Path plansFile) {
        Path root = report.toAbsolutePath().getParent().getParent();
        Path plans = plansFile.toAbsolutePath();
        return plans.startsWith(root) ? root.relativize(plans).toString() : plans.toString();
    }
}
