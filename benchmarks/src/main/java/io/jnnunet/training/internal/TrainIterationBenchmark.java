package io.jnnunet.training.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.Plans;
import io.jnnunet.architectures.internal.PlainConvUNetArchitecture;
import io.jnnunet.benchmarks.BenchmarkReport;
import io.jnnunet.benchmarks.CpuEngine;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.planning.internal.TrainingCost;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * benchmarks/train-iteration.sh: one training iteration of a plans file's network at its batch and patch, in jnnunet
 * (the trainer's own {@link IterationTimer}: forward with deep supervision, Dice+CE, backward, clipping, Nesterov SGD)
 * and in plain PyTorch from Python ({@code benchmarks/python/train_iteration_torch.py}, Debian's python3-torch) in a
 * child process, side by side, with each engine's matrix-multiplication rate; writes docs/benchmarks.md. It lives in
 * the trainer's package to time exactly the code the trainer runs.
 *
 * <p>Arguments: plans file, configuration, threads, docs/benchmarks.md, python script[, batch size].
 */
public final class TrainIterationBenchmark {

    private TrainIterationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Plans plans = new NnunetJson().read(Path.of(args[0]), Plans.class);
        String configuration = args[1];
        ConfigurationPlan plan = plans.configuration(configuration);
        int threads = Integer.parseInt(args[2]);
        Path report = Path.of(args[3]);
        Path script = Path.of(args[4]);
        int batch = args.length > 5 ? Integer.parseInt(args[5]) : plan.batchSize();
        ComputeEngine engine = CpuEngine.withThreads(threads);
        double seconds = IterationTimer.secondsPerIteration(engine, Device.cpu(), new PlainConvUNetArchitecture(),
                plan.architecture(), 1, 2, batch, plan.patchSize(), Boolean.TRUE.equals(plan.batchDice()));
        double macs = TrainingCost.macsPerIteration(plan.architecture().archKwargs(), plan.patchSize(), 1, 2, batch);
        double matmul = matmulGflops(engine);
        double rss = BenchmarkReport.residentPeakMiB();
        System.out.printf(Locale.ROOT, "jnnunet: %.3f s per iteration%n", seconds);

        JsonNode torch = BenchmarkReport.python(script, args[0], configuration, Integer.toString(threads), "3",
                Integer.toString(batch));
        double torchSeconds = torch.get("seconds_per_iteration").asDouble();

        String md = String.format(Locale.ROOT, String.join("\n",
                "## One training iteration: jnnunet vs plain PyTorch (%s, %s)",
                "",
                "`bash benchmarks/train-iteration.sh %s %s %d`: patch %s, batch %d, features %s; forward with deep",
                "supervision + Dice/CE + backward + clipping + Nesterov SGD step, fastest of the timed iterations, %d",
                "threads each, side by side in one run. Machine: %s.",
                "",
                "| | seconds per iteration | GFLOP/s achieved | matmul GFLOP/s (2048², float32) | peak RSS (MiB) |",
                "| --- | --- | --- | --- | --- |",
                "| jnnunet (DJL %s, PyTorch %s) | %.3f | %.1f | %.1f | %.0f |",
                "| plain PyTorch %s from Python | %.3f | %.1f | %.1f | %.0f |",
                "",
                "Ratio jnnunet / PyTorch: **%.2f** (target <= 1.0). %.2f G multiply-accumulates per iteration (forward",
                "x 3)."), plans.plansName(), configuration, args[0], configuration, threads,
                Arrays.toString(plan.patchSize()), batch,
                Arrays.toString(plan.architecture().archKwargs().featuresPerStage()), threads,
                BenchmarkReport.machine(), engine.djlVersion(), engine.engineVersion(), seconds,
                2 * macs / seconds / 1e9, matmul, rss, torch.get("torch").asText(), torchSeconds,
                2 * macs / torchSeconds / 1e9, torch.get("matmul_gflops").asDouble(),
                torch.get("peak_rss_mib").asDouble(), seconds / torchSeconds, macs / 1e9);
        BenchmarkReport.writeSection(report, "train-iteration-" + plans.plansName() + "-" + configuration, md);
        System.out.println(md);
    }

    /** float32 GEMM of two 2048 x 2048 matrices, best of 5 after a warm-up. */
    private static double matmulGflops(ComputeEngine engine) {
        try (NDManager manager = engine.newManager()) {
            NDArray a = manager.randomNormal(new Shape(2048, 2048));
            NDArray b = manager.randomNormal(new Shape(2048, 2048));
            a.matMul(b).close();
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                a.matMul(b).close();
                best = Math.min(best, System.nanoTime() - start);
            }
            return 2.0 * 2048 * 2048 * 2048 / best;
        }
    }
}
