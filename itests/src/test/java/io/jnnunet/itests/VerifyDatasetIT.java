package io.jnnunet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** {@code nnunet:verify-dataset} on broken copies of the sample dataset, one planted defect each, then all at once. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VerifyDatasetIT extends JnnunetTestSupport {

    /** A change to a copy of the sample dataset. */
    @FunctionalInterface
    interface Defect {
        void plant(Path dataset) throws IOException;
    }

    private static final Map<String, Defect> DEFECTS = Map.ofEntries(
            Map.entry("labelsTr/BBBC039_001.png", d -> Files.delete(d.resolve("labelsTr/BBBC039_001.png"))),
            Map.entry("BBBC039_000_0001.png", d -> editJson(d, "\"0\": \"fluorescence\"",
                    "\"0\": \"fluorescence\", \"1\": \"second\"")),
            Map.entry("labelsTr/BBBC039_002.png", d -> writeLabel(d.resolve("labelsTr/BBBC039_002.png"), 10, 10, 1)),
            Map.entry("labelsTr/BBBC039_005.png", d -> writeLabel(d.resolve("labelsTr/BBBC039_005.png"), 696, 520, 2)),
            Map.entry("imagesTr/BBBC039_003_0000.png", d -> randomBytes(d.resolve("imagesTr/BBBC039_003_0000.png"))),
            Map.entry("labelsTr/BBBC039_004.png", d -> truncate(d.resolve("labelsTr/BBBC039_004.png"))),
            Map.entry("imagesTr/BBBC039_010_0000.jpg", d -> Files.copy(d.resolve("imagesTr/BBBC039_009_0000.png"),
                    d.resolve("imagesTr/BBBC039_010_0000.jpg"))),
            Map.entry("numTraining is 12", d -> editJson(d, "\"numTraining\": 10", "\"numTraining\": 12")),
            Map.entry("consecutive", d -> editJson(d, "\"cell\": 1", "\"cell\": 2")));

    @Test
    public void eachPlantedDefectIsReportedWithItsFileAndChangesNothing() throws Exception {
        for (Map.Entry<String, Defect> defect : DEFECTS.entrySet()) {
            Path copy = brokenCopy(defect.getValue());
            Map<String, Long> before = snapshot(copy);
            CommandResult result = execute("nnunet:verify-dataset " + copy);
            assertTrue(defect.getKey() + " was not reported as a failure:\n" + result, result.failed());
            assertTrue(defect.getKey() + " missing in:\n" + result, result.output().contains(defect.getKey()));
            assertTrue(result.toString(), result.failure().getMessage().contains("10 cases checked")
                    || result.failure().getMessage().contains("cases checked"));
            assertEquals("verify-dataset changed files of " + copy, before, snapshot(copy));
        }
    }

    @Test
    public void malformedDatasetJsonIsReportedWithItsPosition() throws Exception {
        Path copy = brokenCopy(d -> editJson(d, "\"numTraining\": 10", "\"numTraining\" 10"));
        CommandResult result = execute("nnunet:verify-dataset " + copy);
        assertTrue(result.toString(), result.failed());
        assertTrue(result.toString(), result.output().contains("dataset.json is malformed at line"));
    }

    @Test
    public void allDefectsOfADatasetAreListedInOneRun() throws Exception {
        Path copy = brokenCopy(d -> {
            for (Map.Entry<String, Defect> defect : DEFECTS.entrySet()) {
                if (!defect.getKey().equals("consecutive")) { // a wrong declaration hides the label-value check
                    defect.getValue().plant(d);
                }
            }
        });
        CommandResult result = execute("nnunet:verify-dataset " + copy);
        assertTrue(result.toString(), result.failed());
        for (String expected : DEFECTS.keySet()) {
            if (!expected.equals("consecutive")) {
                assertTrue(expected + " missing in:\n" + result, result.output().contains(expected));
            }
        }
    }

    private static Path brokenCopy(Defect defect) throws IOException {
        Path copy = Files.createTempDirectory("broken").resolve("Dataset001_Cells");
        try (Stream<Path> files = Files.walk(sampleDataset())) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(sampleDataset().relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        defect.plant(copy);
        return copy;
    }

    private static void editJson(Path dataset, String from, String to) throws IOException {
        Path json = dataset.resolve("dataset.json");
        String text = Files.readString(json, StandardCharsets.UTF_8);
        assertTrue(from + " not in dataset.json", text.contains(from));
        Files.writeString(json, text.replace(from, to), StandardCharsets.UTF_8);
    }

    private static void writeLabel(Path file, int width, int height, int value) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(width / 2, height / 2, 0, value);
        assertTrue(ImageIO.write(image, "png", file.toFile()));
    }

    private static void randomBytes(Path file) throws IOException {
        byte[] bytes = new byte[4096];
        new Random(42).nextBytes(bytes);
        Files.write(file, bytes);
    }

    private static void truncate(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }

    private static Map<String, Long> snapshot(Path folder) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                files.put(folder.relativize(p) + "@" + Files.getLastModifiedTime(p).toMillis(),
                        Files.isDirectory(p) ? -1 : Files.size(p));
            }
        }
        return files;
    }
}
