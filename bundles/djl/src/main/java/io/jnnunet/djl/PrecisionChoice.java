package io.jnnunet.djl;

/**
 * The precision a device runs forward passes in when one was asked for, and why: bfloat16 falls back to float32 where
 * the hardware would only emulate it.
 */
public record PrecisionChoice(Precision precision, String reason) {

    @Override
    public String toString() {
        return precision + " (" + reason + ")";
    }
}
