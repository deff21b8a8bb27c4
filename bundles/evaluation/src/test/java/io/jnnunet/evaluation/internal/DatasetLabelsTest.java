package io.jnnunet.evaluation.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import io.jnnunet.api.DatasetSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class DatasetLabelsTest {

    private static DatasetLabels of(Map<String, Object> labels) {
        return DatasetLabels.of(DatasetSpec.of(Map.of("0", "x"), labels, 1, ".png"));
    }

    @Test
    public void labelsAreTheSortedForegroundValuesWithoutIgnore() {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("background", 0);
        labels.put("b", 2);
        labels.put("a", 1);
        labels.put("ignore", 3);
        DatasetLabels result = of(labels);
        assertEquals(List.of("1", "2"), List.copyOf(result.labelsOrRegions().keySet()));
        assertEquals(Integer.valueOf(3), result.ignoreLabel());
        assertNull(of(Map.of("background", 0, "cell", 1)).ignoreLabel());
    }

    @Test
    public void regionsKeepDatasetOrderAndPythonTupleKeys() {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("background", 0);
        labels.put("whole", List.of(1, 2, 3));
        labels.put("core", List.of(2, 3));
        labels.put("enhancing", List.of(3));
        labels.put("other", 4);
        DatasetLabels result = of(labels);
        assertEquals(List.of("(1, 2, 3)", "(2, 3)", "(3,)", "4"), List.copyOf(result.labelsOrRegions().keySet()));
        assertArrayEquals(new int[] {2, 3}, result.labelsOrRegions().get("(2, 3)"));
    }

    @Test
    public void rejectsNonIntegerLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> of(Map.of("background", 0, "cell", "one")));
        assertEquals("dataset.json label \"cell\" must be an integer or a list of integers, not one", e.getMessage());
    }
}
