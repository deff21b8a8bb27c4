package io.jnnunet.evaluation.internal;

import io.jnnunet.api.CaseEvaluation;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.SampleType;
import java.util.Map;

/** Tiny 2-D label maps written as rows of digits, for hand-computed expectations. */
final class Volumes {

    private Volumes() {
    }

    /** {@code "0110", "0220"}: one string per row, one digit per pixel. */
    static ImageVolume of(String... rows) {
        float[] data = new float[rows.length * rows[0].length()];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[y].length(); x++) {
                data[y * rows[0].length() + x] = Character.digit(rows[y].charAt(x), 36);
            }
        }
        return ImageVolume.of(new int[] {1, rows.length, rows[0].length()}, new double[] {999, 1, 1},
                SampleType.UINT8, data);
    }

    static CaseEvaluation instances(ImageVolume reference, ImageVolume prediction) {
        return new CaseEvaluation("case", reference, prediction, Map.of("1", new int[] {1}), null, reference,
                prediction);
    }
}
