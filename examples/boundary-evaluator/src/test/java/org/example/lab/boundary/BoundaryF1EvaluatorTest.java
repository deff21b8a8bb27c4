package org.example.lab.boundary;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.CaseEvaluation;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.SampleType;
import java.util.Map;
import org.junit.Test;

public class BoundaryF1EvaluatorTest {

    private static ImageVolume image(String... rows) {
        float[] data = new float[rows.length * rows[0].length()];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[0].length(); x++) {
                data[y * rows[0].length() + x] = rows[y].charAt(x) - '0';
            }
        }
        return ImageVolume.of(new int[] {1, rows.length, rows[0].length()}, new double[] {999, 1, 1},
                SampleType.UINT8, data);
    }

    private static Map<String, Number> evaluate(ImageVolume ref, ImageVolume pred) {
        return new BoundaryF1Evaluator().evaluate(new CaseEvaluation("c", ref, pred,
                Map.of("1", new int[] {1}), null, null, null)).get("1");
    }

    @Test
    public void aFarAwayFalseBlobCostsPrecisionOnly() {
        // a 3x3 square: its 8 outer pixels are the contour; the prediction adds one pixel 4 px away
        ImageVolume ref = image("000000000", "011100000", "011100000", "011100000", "000000000");
        ImageVolume pred = image("000000000", "011100000", "011100010", "011100000", "000000000");
        Map<String, Number> m = evaluate(ref, pred);
        assertEquals(8.0 / 9, m.get("BoundaryPrecision").doubleValue(), 1e-15);
        assertEquals(1.0, m.get("BoundaryRecall").doubleValue(), 0);
        assertEquals(16.0 / 17, m.get("BoundaryF1").doubleValue(), 1e-15);
    }

    @Test
    public void contoursWithinTwoPixelsMatchAndThreeDoNot() {
        // in one row, the contour is the last pixel of the run (the image edge is no contour)
        assertEquals(1.0, evaluate(image("1111100000"), image("1111111000")).get("BoundaryF1").doubleValue(), 0);
        assertEquals(0.0, evaluate(image("1111100000"), image("1111111100")).get("BoundaryF1").doubleValue(), 0);
    }

    @Test
    public void absentLabelIsNanAndAMissedOneIsZero() {
        assertTrue(Double.isNaN(evaluate(image("0000"), image("0000")).get("BoundaryF1").doubleValue()));
        assertEquals(0.0, evaluate(image("0110"), image("0000")).get("BoundaryF1").doubleValue(), 0);
    }
}
