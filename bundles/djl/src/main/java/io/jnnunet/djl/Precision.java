package io.jnnunet.djl;

import java.util.Locale;

/**
 * The arithmetic of a network's forward pass. {@link #BF16} is mixed precision as nnU-Net's autocast runs it on GPUs:
 * convolutions and matrix products in bfloat16, normalisation statistics, the loss, the weights and the optimiser in
 * float32.
 */
public enum Precision {
    FP32("fp32"),
    BF16("bf16");

    private final String label;

    Precision(String label) {
        this.label = label;
    }

    /** {@code fp32} or {@code bf16}, as options and plans spell it. */
    public String label() {
        return label;
    }

    /**
     * Reads an option or a plan's {@code precision}.
     *
     * @param field what the value came from, for the error
     * @throws IllegalArgumentException naming the field and the values there are
     */
    public static Precision parse(String value, String field) {
        String spec = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Precision precision : values()) {
            if (precision.label.equals(spec)) {
                return precision;
            }
        }
        throw new IllegalArgumentException(field + " must be fp32 or bf16, got '" + value + "'");
    }

    @Override
    public String toString() {
        return label;
    }
}
