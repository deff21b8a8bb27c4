package io.jnnunet.training.internal;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.Plans;
import io.jnnunet.architectures.internal.PlainConvUNetArchitecture;
import io.jnnunet.benchmarks.CpuEngine;
import io.jnnunet.benchmarks.OtherLoad;
import io.jnnunet.benchmarks.PythonSide;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.Precision;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.formats.NumpyStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * benchmarks/profile-step.sh, jnnunet's side: PyTorch's profiler (through DJL's JNI entry points) over a few of the
 * trainer's own iterations ({@link RandomIteration}) after warm-up; writes the profiler's trace, which
 * {@code benchmarks/python/profile_table.py} sums by operator next to PyTorch's.
 *
 * <p>Then runs the same for plain PyTorch ({@code benchmarks/python/profile_step_torch.py}, with {@link PythonSide}'s
 * environment), one side after the other.
 *
 * <p>Arguments: plans file, configuration, threads, warm-up iterations, profiled iterations, jnnunet's trace file,
 * PyTorch's script, PyTorch's trace file.
 */
public final class StepProfile {

    /** Unprofiled iterations timed before the profiled ones. */
    private static final int TIMED = 20;

    private StepProfile() {
    }

    /** The process's minor page faults so far (Linux, field 10): pages the kernel mapped in on first touch. */
    private static long minorFaults() throws IOException {
        return Long.parseLong(OtherLoad.statFields(Path.of("/proc/self/stat"))[7]);
    }

    public static void main(String[] args) throws Exception {
        Plans plans = new NnunetJson().read(Path.of(args[0]), Plans.class);
        ConfigurationPlan plan = plans.configuration(args[1]);
        ComputeEngine engine = CpuEngine.withThreads(Integer.parseInt(args[2]));
        int warmup = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        try (RandomIteration iteration = new RandomIteration(engine, Device.cpu(), new PlainConvUNetArchitecture(),
                plan.architecture(), 1, 2, plan.batchSize(), plan.patchSize(),
                Boolean.TRUE.equals(plan.batchDice()), Precision.FP32)) {
            for (int i = 0; i < warmup; i++) {
                iteration.seconds();
            }
            long faults = minorFaults();
            double[] plain = new double[TIMED];
            for (int i = 0; i < TIMED; i++) {
                plain[i] = iteration.seconds();
            }
            long faulted = (minorFaults() - faults) / TIMED;
            JniUtils.startProfile(false, false, false);
            double profiled = 0;
            for (int i = 0; i < steps; i++) {
                profiled += iteration.seconds();
            }
            JniUtils.stopProfile(args[5]);
            System.out.printf(Locale.ROOT, "jnnunet: %.3f s per step unprofiled (median of %d), %.3f s profiled, %d"
                    + " minor page faults per step, loss %.4f%n", NumpyStats.median(plain), TIMED, profiled / steps,
                    faulted, iteration.loss());
        }
        int torch = PythonSide.forPyTorch(new ProcessBuilder(List.of("/usr/bin/python3", args[6], args[0], args[1],
                args[2], args[3], args[4], args[7]))).inheritIO().start().waitFor();
        if (torch != 0) {
            throw new IllegalStateException("the PyTorch side exited with " + torch);
        }
    }
}
