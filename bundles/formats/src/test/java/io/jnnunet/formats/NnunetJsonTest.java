package io.jnnunet.formats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NnunetJsonTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final NnunetJson json = new NnunetJson();

    /** The part of a summary.json we read back. */
    record Metrics(double Dice, double IoU, long TP) {
    }

    @Test
    public void writesNonFiniteNumbersBareAsPythonDoes() throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("Dice", Double.NaN);
        values.put("limits", List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.5));
        Path file = tmp.getRoot().toPath().resolve("summary.json");
        json.write(file, values);
        // Python: json.dumps({"Dice": float("nan"), "limits": [inf, -inf, 0.5]}, indent=4)
        assertEquals("{\n    \"Dice\": NaN,\n    \"limits\": [\n        Infinity,\n        -Infinity,\n        0.5\n"
                + "    ]\n}", Files.readString(file));
    }

    @Test
    public void readsNnunetsBareNaN() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("summary.json");
        // what nnU-Net's save_json writes for a label absent from reference and prediction
        Files.writeString(file, "{\n    \"Dice\": NaN,\n    \"IoU\": -Infinity,\n    \"TP\": 0\n}");
        Metrics metrics = json.read(file, Metrics.class);
        assertTrue(Double.isNaN(metrics.Dice()));
        assertEquals(Double.NEGATIVE_INFINITY, metrics.IoU(), 0);
        assertEquals(0, metrics.TP());
        @SuppressWarnings("unchecked")
        Map<String, Object> map = json.read(file, Map.class);
        assertTrue(Double.isNaN((Double) map.get("Dice")));
    }

    @Test
    public void whatItWritesItReadsBack() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("metrics.json");
        json.write(file, new Metrics(Double.NaN, 0.25, 3));
        Metrics back = json.read(file, Metrics.class);
        assertTrue(Double.isNaN(back.Dice()));
        assertEquals(0.25, back.IoU(), 0);
        assertEquals(3, back.TP());
    }

    record Times(Instant submitted, Instant finished) {
    }

    @Test
    public void writesInstantsAsIsoTextAndReadsThemBack() throws IOException {
        Times times = new Times(Instant.parse("2025-01-31T12:00:00.125Z"), null);
        assertEquals("{\"submitted\":\"2025-01-31T12:00:00.125Z\",\"finished\":null}",
                json.mapper().writeValueAsString(times));
        Path file = tmp.getRoot().toPath().resolve("times.json");
        json.write(file, times);
        assertEquals(times, json.read(file, Times.class));
    }

    @Test
    public void aMisspeltNaNIsStillMalformed() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("bad.json");
        Files.writeString(file, "{\"Dice\": nan}");
        IOException e = assertThrows(IOException.class, () -> json.read(file, Map.class));
        assertTrue(e.getMessage(), e.getMessage().startsWith(file + " is malformed at line 1, column "));
    }
}
