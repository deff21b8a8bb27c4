package io.jnnunet.training.internal;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.Plans;
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
import io.jnnunet.planning.internal.TrainingCost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * benchmarks/train-iteration.sh: one training iteration of a plans file's network at its batch and patch, in jnnunet
 * (the trainer's own step on random data, {@link RandomIteration}: forward with deep supervision, Dice+CE, backward,
 * clipping, Nesterov SGD) and in plain PyTorch from Python ({@code benchmarks/python/train_iteration_torch.py}, a
 * {@link PythonSide}); writes docs/benchmarks.md. It lives in the trainer's package to time exactly the code the
 * trainer runs.
 *
 * <p>The two sides take turns: after warm-up iterations, rounds of a few seconds each, jnnunet first in even rounds
 * and PyTorch first in odd ones, so that whatever else the machine does falls on both; the report gives the median
 * of every timed iteration with quartiles and extremes, both sides' matrix-multiplication rates before and after, the
 * last losses (a NaN loss times NaN arithmetic), and how busy other processes kept the machine.
 *
 * <p>Arguments: plans file, configuration, threads (0: the cores other processes leave free, as the distribution
 * picks them, for both sides), docs/benchmarks.md, python script, condition ({@code idle} or
 * {@code one-core-busy}, which the script arranged)[, batch size]. System property {@code benchmark.seconds}: the
 * timed seconds per side (default 40).
 */
public final class TrainIterationBenchmark {

    private static final int WARMUP = 3;
    /** Seconds of an iteration past which one warm-up iteration is enough. */
    private static final double LONG_ITERATION = 5;
    /** Seconds of one side's turn. */
    private static final double TURN_SECONDS = 2;
    private static final int MIN_ROUNDS = 5;
    private static final double TARGET = 0.9;

    private TrainIterationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Plans plans = new NnunetJson().read(Path.of(args[0]), Plans.class);
        String configuration = args[1];
        ConfigurationPlan plan = plans.configuration(configuration);
        int requested = Integer.parseInt(args[2]);
        Path report = Path.of(args[3]);
        Path script = Path.of(args[4]);
        String condition = args[5];
        int batch = args.length > 6 ? Integer.parseInt(args[6]) : plan.batchSize();
        double budget = Double.parseDouble(System.getProperty("benchmark.seconds", "40"));
        int threads = requested > 0 ? requested : CpuEngine.freeCores();
        ComputeEngine engine = CpuEngine.withThreads(threads);
        Precision precision = BenchmarkPrecision.of(engine);
        double[] matmul = {BenchmarkReport.matmulGflops(engine), 0};

        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        double torchRss;
        float ourLoss;
        double torchLoss = Double.NaN;
        String load;
        try (PythonSide torch = new PythonSide(script, args[0], configuration, Integer.toString(threads),
                Integer.toString(batch));
                RandomIteration iteration = new RandomIteration(engine, Device.cpu(),
                        new PlainConvUNetArchitecture(), plan.architecture(), 1, 2, batch, plan.patchSize(),
                        Boolean.TRUE.equals(plan.batchDice()), precision)) {
            matmul[1] = torch.matmulGflops();
            // the first iteration pays the allocator and the kernels' first use; long ones need no more warming
            int warmup = 1;
            double warm = iteration.seconds();
            for (; warmup < WARMUP && warm < LONG_ITERATION; warmup++) {
                warm = iteration.seconds();
            }
            JsonNode torchWarm = torch.ask("run " + warmup);
            double slower = Math.max(warm, last(torchWarm.get("seconds")));
            int perTurn = (int) Math.max(1, Math.round(TURN_SECONDS / slower));
            int rounds = (int) Math.max(MIN_ROUNDS, Math.ceil(budget / (perTurn * slower)));
            System.out.printf(Locale.ROOT, "%d threads; warm-up %.3f s (jnnunet), %.3f s (PyTorch); %d rounds of %d"
                    + " iterations%n", threads, warm, last(torchWarm.get("seconds")), rounds, perTurn);
            OtherLoad others = new OtherLoad(torch.pid());
            others.start();
            for (int round = 0; round < rounds; round++) {
                for (int turn = 0; turn < 2; turn++) {
                    if ((round + turn) % 2 == 0) {
                        for (int i = 0; i < perTurn; i++) {
                            ours.add(iteration.seconds());
                        }
                    } else {
                        JsonNode answer = torch.ask("run " + perTurn);
                        answer.get("seconds").forEach(s -> theirs.add(s.asDouble()));
                        torchLoss = answer.get("loss").asDouble();
                    }
                }
                System.out.printf(Locale.ROOT, "round %d: jnnunet %s; PyTorch %s%n", round + 1, Spread.of(ours),
                        Spread.of(theirs));
            }
            load = others.describe();
            ourLoss = iteration.loss();
            matmul[0] = Math.max(matmul[0], BenchmarkReport.matmulGflops(engine));
            matmul[1] = Math.max(matmul[1], torch.matmulGflops());
            JsonNode setup = torch.setup();
            torchRss = torch.quit();
            write(report, args, plans, plan, condition, threads, batch, engine, setup, torch.blasDescription(),
                    Spread.of(ours), Spread.of(theirs), matmul, ourLoss, torchLoss, torchRss, load, warmup, rounds,
                    perTurn, precision);
        }
    }

    private static double last(JsonNode seconds) {
        return seconds.get(seconds.size() - 1).asDouble();
    }

    private static void write(Path report, String[] args, Plans plans, ConfigurationPlan plan, String condition,
            int threads, int batch, ComputeEngine engine, JsonNode setup, String blas, Spread ours, Spread theirs,
            double[] matmul, float ourLoss, double torchLoss, double torchRss, String load, int warmup, int rounds,
            int perTurn, Precision precision)
            throws java.io.IOException {
        String mark = BenchmarkPrecision.mark(precision);
        double macs = TrainingCost.macsPerIteration(plan.architecture().archKwargs(), plan.patchSize(), 1, 2, batch);
        String configuration = args[1];
        boolean busy = condition.equals("one-core-busy");
        String ratio = Double.isFinite(ourLoss) && Double.isFinite(torchLoss)
                ? BenchmarkReport.ratio(ours.median(), theirs.median(), matmul, TARGET)
                : String.format(Locale.ROOT, "no ratio: a loss is not finite (jnnunet %s, PyTorch %s), so a side"
                        + " timed NaN arithmetic", ourLoss, torchLoss);
        String md = String.format(Locale.ROOT, String.join("\n",
                "## One training iteration: jnnunet vs plain PyTorch (%s, %s%s%s)",
                "",
                "`%s%sbash benchmarks/train-iteration.sh %s %s %s`: patch %s, batch %d, features %s; forward with deep",
                "supervision + Dice/CE + backward + clipping + Nesterov SGD step on random data, %d thread(s) each%s.",
                "The sides take turns: %d warm-up iterations each, then %d rounds of %d iteration(s) per side, the",
                "first side alternating; times are per iteration. Machine: %s. %s",
                "",
                "| | median (s) | quartiles (s) | range (s) | n | GFLOP/s at the median | matmul GFLOP/s (2048²,"
                        + " float32, best) | last loss | peak RSS (MiB) |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
                "| jnnunet (DJL %s, PyTorch %s) | %s | %.1f | %.0f | %.4f | %.0f |",
                "| plain PyTorch %s from Python | %s | %.1f | %.0f | %.4f | %.0f |",
                "",
                "Ratio jnnunet / PyTorch of the medians: %s. %.2f G multiply-accumulates per iteration (forward x 3).",
                "jnnunet's engine settings: %s. PyTorch's BLAS: %s; its CPU capability %s."),
                plans.plansName(), configuration, busy ? ", one core busy" : "", mark.isEmpty() ? "" : ", " + mark
                        + " (autocast on both sides)", busy ? "BUSY=1 " : "",
                mark.isEmpty() ? "" : BenchmarkPrecision.VARIABLE + "=" + mark + " ",
                BenchmarkReport.relative(report, Path.of(args[0])),
                configuration, args[2], Arrays.toString(plan.patchSize()), batch,
                Arrays.toString(plan.architecture().archKwargs().featuresPerStage()), threads,
                Integer.parseInt(args[2]) == 0 ? " (0: the cores other processes leave free)" : "",
                warmup, rounds, perTurn,
                BenchmarkReport.machine() + (busy ? ", another process keeping one core busy" : ""), load,
                engine.djlVersion(), engine.engineVersion(), ours.cells("%.3f"), 2 * macs / ours.median() / 1e9,
                matmul[0], ourLoss, BenchmarkReport.residentPeakMiB(), setup.get("torch").asText(),
                theirs.cells("%.3f"), 2 * macs / theirs.median() / 1e9, matmul[1], torchLoss, torchRss, ratio,
                macs / 1e9, BenchmarkReport.engineEnvironment(), blas, setup.get("capability").asText());
        String section = "train-iteration-" + plans.plansName() + "-" + configuration + (busy ? "-busy" : "")
                + (mark.isEmpty() ? "" : "-" + mark);
        BenchmarkReport.writeSection(report, section, md);
        System.out.println(md);
    }
}
