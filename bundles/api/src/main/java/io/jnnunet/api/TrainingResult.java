package io.jnnunet.api;

import java.nio.file.Path;

/** How a training run ended. */
public record TrainingResult(Path outputFolder, int epochsCompleted, boolean finished, double bestEmaPseudoDice,
        double finalEmaPseudoDice) {
}
