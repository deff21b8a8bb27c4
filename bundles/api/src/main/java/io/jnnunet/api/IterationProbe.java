package io.jnnunet.api;

/**
 * Times the trainer's real training iteration (forward, loss, backward, clipping, optimiser step) of the network a
 * plan describes, on random data: what a planner that budgets training time needs to know. A service of its own so
 * that planning does not need the trainer.
 */
public interface IterationProbe {

    /**
     * Seconds of one training iteration at a batch and patch size on a device.
     *
     * @param device {@code cpu}, {@code gpu:0}, {@code auto} or {@code null} for the engine's configured default
     * @param precision {@code fp32} or {@code bf16} (where the device computes it natively, else fp32), as the
     *     trainer will run it; {@code null} for fp32
     * @throws IllegalArgumentException when the plan's architecture is not installed
     */
    double secondsPerIteration(ArchitecturePlan architecture, int inputChannels, int numOutputs, int batchSize,
            int[] patchSize, boolean batchDice, String device, String precision);
}
