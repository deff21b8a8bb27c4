package io.jnnunet.evaluation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.EvaluationRequest;
import io.jnnunet.api.EvaluationSummary;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.PngImageIo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * nnU-Net v2.8.1's own {@code nnUNetv2_evaluate_folder} output on 50 BBBC039 test cases (../shared/reference/
 * evaluate_folder), reproduced number for number and key for key.
 */
public class NnunetReferenceTest {

    private static final Path SHARED = Path.of(System.getProperty("user.dir")).resolve("../../../shared")
            .normalize();
    private static final Path REFERENCE = SHARED.resolve("reference/evaluate_folder");
    private static final Path CELLS = SHARED.resolve("data/cells");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void reproducesNnunetSummaryJson() throws Exception {
        assumeTrue("needs ../shared", Files.isRegularFile(REFERENCE.resolve("summary.json")));
        Path output = tmp.getRoot().toPath().resolve("summary.json");
        DatasetSpec dataset = new NnunetJson().read(CELLS.resolve("dataset.json"), DatasetSpec.class);
        EvaluationSummary summary = NnunetFolderEvaluator.withBuiltInEvaluators(
                ImageIoRegistryComponent.of(new PngImageIo()))
                .evaluateFolder(new EvaluationRequest(CELLS.resolve("labelsTs"), REFERENCE.resolve("pred"), output,
                        dataset, null, false, false, List.of(), 4), ProgressListener.NONE);
        assertEquals(50, summary.cases());

        JsonMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        JsonNode expected = mapper.readTree(REFERENCE.resolve("summary.json").toFile());
        JsonNode actual = mapper.readTree(output.toFile());
        compare("", expected, actual);
        assertEquals(expected.get("foreground_mean").get("Dice").asDouble(), summary.foregroundMean().get("Dice"),
                1e-12);
        assertTrue(summary.instanceMean().isEmpty());
        // and byte for byte, once our paths are shortened as the reference's were (numpy's summation order included)
        String text = Files.readString(output).replace(CELLS.resolve("labelsTs") + "/", "data/cells/labelsTs/")
                .replace(REFERENCE.resolve("pred") + "/", "pred/");
        assertEquals(Files.readString(REFERENCE.resolve("summary.json")), text);
    }

    /** Same keys in the same order, same kinds of numbers (integer or float), values within 1e-6. */
    private static void compare(String where, JsonNode expected, JsonNode actual) {
        if (expected.isObject()) {
            assertEquals(where, fieldNames(expected), fieldNames(actual));
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                compare(where + "/" + e.getKey(), e.getValue(), actual.get(e.getKey()));
            }
        } else if (expected.isArray()) {
            assertEquals(where, expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                compare(where + "/" + i, expected.get(i), actual.get(i));
            }
        } else if (expected.isNumber()) {
            assertEquals(where + " integer or float", expected.isIntegralNumber(), actual.isIntegralNumber());
            assertEquals(where, expected.asDouble(), actual.asDouble(), 1e-6);
        } else if (expected.isTextual()) {
            // file paths: nnU-Net's were shortened, ours are absolute; the files must be the same
            assertEquals(where, Path.of(expected.asText()).getFileName(), Path.of(actual.asText()).getFileName());
            assertEquals(where, Path.of(expected.asText()).getParent().getFileName(),
                    Path.of(actual.asText()).getParent().getFileName());
        } else {
            assertEquals(where, expected, actual);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
