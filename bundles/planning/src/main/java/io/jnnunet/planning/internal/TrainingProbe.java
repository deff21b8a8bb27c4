package io.jnnunet.planning.internal;

import io.jnnunet.api.ArchitecturePlan;

/** Measures how long one training iteration of a network takes on the device being planned for (the trainer's). */
@FunctionalInterface
interface TrainingProbe {

    /** Seconds of one forward + backward + optimiser step at this batch and patch. */
    double secondsPerIteration(ArchitecturePlan architecture, int inputChannels, int numOutputs, int batch,
            int[] patch);
}
