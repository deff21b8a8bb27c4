package io.jnnunet.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What a prediction did.
 *
 * @param written the prediction files written, in case order
 * @param skipped cases skipped because their output existed ({@code continuePrediction})
 * @param seconds wall time
 */
public record PredictionResult(Path output, List<Path> written, int skipped, double seconds) {

    public PredictionResult {
        written = List.copyOf(written);
    }
}
