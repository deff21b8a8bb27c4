package io.jnnunet.benchmarks;

import ai.djl.Device;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.Precision;
import io.jnnunet.djl.PrecisionChoice;

/**
 * The arithmetic a benchmark runs in: {@code PRECISION=bf16} in the environment asks both sides for bfloat16 (jnnunet
 * as its trainer and predictor would run it, the Python side under {@code torch.autocast}, which reads the same
 * variable); float32 otherwise. A bfloat16 section that the engine would run in float32 is refused rather than
 * written under a wrong title.
 */
public final class BenchmarkPrecision {

    /** The variable both sides read. */
    public static final String VARIABLE = "PRECISION";

    private BenchmarkPrecision() {
    }

    /**
     * The precision asked for, as the engine runs it on the CPU.
     *
     * @throws IllegalStateException when bfloat16 is asked for and the engine would not run it, with its reason
     */
    public static Precision of(ComputeEngine engine) {
        String asked = System.getenv(VARIABLE);
        if (asked == null || asked.isBlank()) {
            return Precision.FP32;
        }
        Precision precision = Precision.parse(asked, VARIABLE);
        PrecisionChoice choice = engine.precision(precision, Device.cpu());
        if (choice.precision() != precision) {
            throw new IllegalStateException(VARIABLE + "=" + asked + ", but the engine runs " + choice);
        }
        System.out.println("Precision: " + choice);
        return precision;
    }

    /** The section title's and name's mark: empty for float32, {@code bf16} otherwise. */
    public static String mark(Precision precision) {
        return precision == Precision.FP32 ? "" : precision.label();
    }
}
