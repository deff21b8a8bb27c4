package io.jnnunet.workflow.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.ModelExport;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.ExportModelRequest;
import io.jnnunet.api.workflow.InstallModelRequest;
import io.jnnunet.api.workflow.InstalledModel;
import io.jnnunet.api.workflow.ModelOrigin;
import io.jnnunet.api.workflow.ModelZipException;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * nnU-Net's model zip written from and installed to real folders: the model Python nnU-Net trained
 * (../shared/reference/nnunet-model) exported in nnU-Net's layout, installed into a fresh results folder with every
 * file equal, and damaged zips refused with the file inside them named and nothing left behind.
 */
public class ModelZipTest {

    static final Path REFERENCE = Path.of(System.getProperty("user.dir")).resolve("../../../shared/reference"
            + "/nnunet-model").normalize();
    private static final String MODEL = "Dataset001_Cells/nnUNetTrainer_interop__nnUNetPlans_small__2d";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path zip;

    static ModelExchange exchange(RealStages stages) {
        ModelExchange exchange = new ModelExchange(stages.paths, "0.1.0.test", CLOCK);
        exchange.addExporter(new NnunetModelZipExporter("0.1.0.test", CLOCK), Map.of());
        return exchange;
    }

    @Before
    public void exportTheReferenceModel() throws IOException {
        assumeTrue("needs ../shared", Files.isDirectory(REFERENCE.resolve("nnUNet_results").resolve(MODEL)));
        zip = tmp.getRoot().toPath().resolve("out/model.zip");
        ModelExport export = exchange(new RealStages(REFERENCE)).export(new ExportModelRequest("1", "2d",
                "nnUNetPlans_small", "nnUNetTrainer_interop", null, "checkpoint_final.pth", null, zip.toString()),
                ProgressListener.NONE);
        assertEquals(zip, export.file());
        assertEquals(List.of("0"), export.folds());
    }

    @Test
    public void theExportHasNnunetsLayoutAndTheCheckpointAsItIs() throws IOException {
        Set<String> expected = new TreeSet<>();
        for (String file : List.of("dataset.json", "plans.json", "dataset_fingerprint.json", "fold_0/debug.json",
                "fold_0/checkpoint_final.pth", "fold_0/progress.png", "fold_0/validation/summary.json",
                "model_card.json", "checksums.sha256")) {
            expected.add(MODEL + "/" + file);
        }
        assertEquals(expected, new TreeSet<>(entries(zip).keySet()));
        Path source = REFERENCE.resolve("nnUNet_results").resolve(MODEL);
        Map<String, byte[]> entries = entries(zip);
        assertArrayEquals(Files.readAllBytes(source.resolve("fold_0/checkpoint_final.pth")),
                entries.get(MODEL + "/fold_0/checkpoint_final.pth"));
        assertArrayEquals(Files.readAllBytes(source.resolve("plans.json")), entries.get(MODEL + "/plans.json"));

        // sha256sum's format, every other entry listed with its digest
        List<String> lines = new String(entries.get(MODEL + "/checksums.sha256"), StandardCharsets.UTF_8).lines()
                .toList();
        assertEquals(expected.size() - 1, lines.size());
        for (String line : lines) {
            String name = line.substring(66);
            assertEquals(line, sha256(entries.get(name)), line.substring(0, 64));
        }

        JsonNode card = new NnunetJson().mapper().readTree(entries.get(MODEL + "/model_card.json"));
        assertEquals("jnnunet-model-card", card.get("format").asText());
        assertEquals("Dataset001_Cells", card.at("/model").asText().split("/")[0]);
        assertEquals(100, card.at("/dataset/numTraining").asInt());
        assertEquals("nnUNetPlans_small", card.get("plans").asText());
        assertEquals("nnU-Net", card.get("trained_with").asText());
        assertEquals("checkpoint_final.pth", card.get("checkpoint").asText());
        double dice = new NnunetJson().mapper().readTree(entries.get(MODEL + "/fold_0/validation/summary.json"))
                .at("/foreground_mean/Dice").asDouble();
        assertEquals(dice, card.at("/validation/0/foreground_mean_dice").asDouble(), 0);
        assertEquals(20, card.at("/validation/0/cases").asInt());
        assertEquals("2026-12-02T12:00:00Z", card.get("exported").asText());
        assertEquals("0.1.0.test", card.get("jnnunet_version").asText());
    }

    @Test
    public void installedIntoAFreshResultsFolderEveryFileIsEqual() throws IOException {
        RealStages fresh = new RealStages(tmp.newFolder("fresh").toPath());
        List<InstalledModel> installed = exchange(fresh).install(new InstallModelRequest(zip.toString(), false),
                ProgressListener.NONE);

        Path source = REFERENCE.resolve("nnUNet_results").resolve(MODEL);
        Path target = fresh.paths.results().resolve(MODEL);
        assertEquals(1, installed.size());
        assertEquals(target.toString(), installed.get(0).folder());
        assertEquals("Dataset001_Cells__nnUNetTrainer_interop__nnUNetPlans_small__2d", installed.get(0).id());
        assertEquals(new ModelOrigin(ModelOrigin.INSTALLED, "model.zip", "2026-12-02T12:00:00Z"),
                installed.get(0).origin());
        assertEquals(List.of("checkpoint_final.pth"), installed.get(0).checkpoints());
        for (String file : entries(zip).keySet()) {
            String relative = file.substring(MODEL.length() + 1);
            if (Files.isRegularFile(source.resolve(relative))) {
                assertArrayEquals(relative, Files.readAllBytes(source.resolve(relative)),
                        Files.readAllBytes(target.resolve(relative)));
            }
        }
        JsonNode card = new NnunetJson().read(target.resolve("model_card.json"), JsonNode.class);
        assertEquals("model.zip", card.at("/installed/from").asText());
        assertEquals(List.of(installed.get(0)), exchange(fresh).models());
        assertEquals(List.of(MODEL.split("/")[0]), names(fresh.paths.results()));

        ModelZipException again = assertThrows(ModelZipException.class, () -> exchange(fresh).install(
                new InstallModelRequest(zip.toString(), false), ProgressListener.NONE));
        assertEquals(ModelZipException.Problem.INSTALLED, again.problem());
        assertTrue(again.getMessage(), again.getMessage().contains(MODEL + " of model.zip is installed already"));
        Files.delete(target.resolve("fold_0/progress.png"));
        exchange(fresh).install(new InstallModelRequest(zip.toString(), true), ProgressListener.NONE);
        assertTrue(Files.isRegularFile(target.resolve("fold_0/progress.png")));
        assertEquals(List.of(MODEL.split("/")[0]), names(fresh.paths.results()));
    }

    @Test
    public void aFlippedByteIsRefusedNamingItsFileAndLeavesNothing() throws IOException {
        // plans.json stored, so that the byte flipped is one of its own
        Path stored = rewrite(name -> true, MODEL + "/plans.json", "stored.zip");
        byte[] bytes = Files.readAllBytes(stored);
        int at = indexOf(bytes, "\"plans_name\"".getBytes(StandardCharsets.UTF_8));
        bytes[at + 2] ^= 0x01;
        Files.write(stored, bytes);
        assertRefused(stored, ModelZipException.Problem.DAMAGED, MODEL + "/plans.json is damaged (its CRC-32");

        // in the deflated checkpoint, the bulk of the zip
        byte[] exported = Files.readAllBytes(zip);
        exported[exported.length / 2] ^= 0x10;
        Path flipped = tmp.getRoot().toPath().resolve("flipped.zip");
        Files.write(flipped, exported);
        assertRefused(flipped, ModelZipException.Problem.DAMAGED, MODEL + "/fold_0/checkpoint_final.pth is damaged");
    }

    @Test
    public void anEntryLeadingOutOfTheResultsFolderIsRefused() throws IOException {
        Path evil = tmp.getRoot().toPath().resolve("evil.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(evil))) {
            copyEntries(out, name -> true, null);
            out.putNextEntry(new ZipEntry("Dataset001_Cells/../../escaped.txt"));
            out.write(1);
            out.closeEntry();
        }
        assertRefused(evil, ModelZipException.Problem.UNSAFE,
                "zip entry Dataset001_Cells/../../escaped.txt leads out of its folder");
        assertTrue(Files.notExists(tmp.getRoot().toPath().resolve("escaped.txt")));

        Path outside = tmp.getRoot().toPath().resolve("outside.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(outside))) {
            copyEntries(out, name -> true, null);
            out.putNextEntry(new ZipEntry("README.txt"));
            out.closeEntry();
        }
        assertRefused(outside, ModelZipException.Problem.UNSAFE, "zip entry README.txt lies outside a"
                + " DatasetXXX_Name/ folder");
    }

    @Test
    public void aModelFolderWithoutPlansIsRefusedAndAnUnlistedOrMissingFileToo() throws IOException {
        // as Python nnU-Net writes it: no card, no checksums; then without plans.json
        Predicate<String> nnunets = name -> !name.endsWith("/model_card.json") && !name.endsWith("/checksums.sha256");
        Path noPlans = rewrite(nnunets.and(name -> !name.endsWith("/plans.json")), null, "no-plans.zip");
        assertRefused(noPlans, ModelZipException.Problem.INCOMPLETE, MODEL + "/plans.json is missing");

        Path withSums = rewrite(name -> !name.endsWith("/plans.json"), null, "no-plans-listed.zip");
        assertRefused(withSums, ModelZipException.Problem.INCOMPLETE, MODEL + "/plans.json is listed in "
                + MODEL + "/checksums.sha256 but missing from the zip");

        Path added = tmp.getRoot().toPath().resolve("added.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(added))) {
            copyEntries(out, name -> true, null);
            out.putNextEntry(new ZipEntry(MODEL + "/fold_0/extra.txt"));
            out.closeEntry();
        }
        assertRefused(added, ModelZipException.Problem.DAMAGED, MODEL + "/fold_0/extra.txt is not listed in");

        // nnU-Net's own zip installs, and gets a card that says where it came from
        RealStages fresh = new RealStages(tmp.newFolder("nnunet").toPath());
        Path python = rewrite(nnunets, null, "python.zip");
        InstalledModel installed = exchange(fresh).install(new InstallModelRequest(python.toString(), false),
                ProgressListener.NONE).get(0);
        assertEquals("python.zip", installed.origin().file());
        JsonNode card = new NnunetJson().read(fresh.paths.results().resolve(MODEL).resolve("model_card.json"),
                JsonNode.class);
        assertEquals("nnU-Net", card.get("trained_with").asText());
        assertNull(card.get("exported"));
    }

    private void assertRefused(Path bad, ModelZipException.Problem problem, String message) throws IOException {
        RealStages fresh = new RealStages(tmp.newFolder().toPath());
        ModelZipException refused = assertThrows(ModelZipException.class, () -> exchange(fresh).install(
                new InstallModelRequest(bad.toString(), false), ProgressListener.NONE));
        assertTrue(refused.getMessage(), refused.getMessage().contains(message));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith(bad.getFileName().toString()));
        assertEquals(refused.getMessage(), problem, refused.problem());
        assertEquals(List.of(), names(fresh.paths.results()));
    }

    /** The exported zip's entries that pass, {@code stored} written uncompressed. */
    private Path rewrite(Predicate<String> keep, String stored, String name) throws IOException {
        Path target = tmp.getRoot().toPath().resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            copyEntries(out, keep, stored);
        }
        return target;
    }

    private void copyEntries(ZipOutputStream out, Predicate<String> keep, String stored) throws IOException {
        for (Map.Entry<String, byte[]> entry : entries(zip).entrySet()) {
            if (!keep.test(entry.getKey())) {
                continue;
            }
            ZipEntry copy = new ZipEntry(entry.getKey());
            if (entry.getKey().equals(stored)) {
                CRC32 crc = new CRC32();
                crc.update(entry.getValue());
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(entry.getValue().length);
                copy.setCompressedSize(entry.getValue().length);
                copy.setCrc(crc.getValue());
            }
            out.putNextEntry(copy);
            out.write(entry.getValue());
            out.closeEntry();
        }
    }

    static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                try (InputStream in = file.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    /** Every name in a folder, hidden ones too. */
    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return new ArrayList<>(children.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(NnunetModelZipExporter.sha256().digest(bytes));
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
