package io.jnnunet.djl;

import ai.djl.pytorch.jni.JniUtils;

/**
 * torch's {@code with torch.no_grad():} for the current thread. DJL's GradientCollector leaves PyTorch's grad mode on
 * after it closes, so work that must not be recorded (the optimiser's in-place updates, validation, loading weights)
 * switches it off here and restores what it found.
 */
public final class NoGrad implements AutoCloseable {

    private final boolean previous;

    private NoGrad() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    public static NoGrad enter() {
        return new NoGrad();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
