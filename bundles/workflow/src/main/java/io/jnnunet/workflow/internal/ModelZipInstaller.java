package io.jnnunet.workflow.internal;

import static io.jnnunet.api.workflow.ModelZipException.Problem.DAMAGED;
import static io.jnnunet.api.workflow.ModelZipException.Problem.INCOMPLETE;
import static io.jnnunet.api.workflow.ModelZipException.Problem.INSTALLED;
import static io.jnnunet.api.workflow.ModelZipException.Problem.TOO_LARGE;
import static io.jnnunet.api.workflow.ModelZipException.Problem.UNSAFE;

import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.Plans;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.ModelZipException;
import io.jnnunet.formats.AtomicFiles;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.formats.ZipEntryPaths;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * {@code nnUNetv2_install_pretrained_model_from_zip}, which extracts the zip into {@code nnUNet_results} as it is,
 * made safe: the zip's central directory is read (a truncated zip has none), every entry must lie in a
 * {@code DatasetXXX_Name/} folder ({@link ZipEntryPaths}), its bytes must match its CRC-32 and, where the zip has a
 * {@value ModelZip#CHECKSUMS}, the sha256 listed there (and every entry must be listed), and each model folder must
 * hold dataset.json and plans.json that parse and a fold checkpoint. Everything is unpacked under a hidden
 * {@code nnUNet_results/.install-<uuid>} first and renamed into place only when all of that holds; a model folder that
 * is there already is refused unless overwritten. Each installed model folder's {@value ModelCard#FILE_NAME} records
 * where it came from.
 */
final class ModelZipInstaller {

    static final String STAGING_PREFIX = ".install-";
    private static final String MACOS_METADATA = "__MACOSX";
    private static final Pattern CHECKSUM_LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");

    private final String version;
    private final Clock clock;
    private final ModelCards cards = new ModelCards();
    private final NnunetJson json = new NnunetJson();

    ModelZipInstaller(String version, Clock clock) {
        this.version = version;
        this.clock = clock;
    }

    /** A model folder unpacked in the staging folder. */
    private record Staged(String entry, Path folder, Path target) {
    }

    /**
     * @param maxBytes the most bytes all entries may unpack to, or {@code null}
     * @return the installed model folders
     * @throws ModelZipException for a zip that is refused, naming the entry at fault
     */
    List<Path> install(Path zip, Path results, boolean overwrite, Long maxBytes, ProgressListener progress)
            throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new NoSuchFileException(zip.toString(), null, "no such model zip");
        }
        String zipName = zip.getFileName().toString();
        Files.createDirectories(results);
        Path staging = Files.createDirectory(results.resolve(STAGING_PREFIX + UUID.randomUUID()));
        try {
            Map<String, String> digests = unpack(zip, zipName, staging, maxBytes, progress);
            verifyChecksums(zipName, staging, digests);
            List<Staged> models = modelFolders(zipName, staging, results);
            for (Staged model : models) {
                if (Files.exists(model.target()) && !overwrite) {
                    throw new ModelZipException(INSTALLED, model.entry(), "model " + model.entry() + " of " + zipName
                            + " is installed already in " + results + "; overwrite replaces it");
                }
            }
            List<Path> installed = new ArrayList<>();
            for (Staged model : models) {
                ModelCard card = cards.read(model.folder()).orElse(null);
                if (card == null) {
                    card = cards.describe(model.folder(), checkpointFolds(model.folder()), null, ModelCard.NNUNET,
                            List.of(), null, null);
                }
                cards.write(model.folder(), card.withInstalled(new ModelCard.Installed(zipName,
                        clock.instant().toString(), version)));
                Files.createDirectories(model.target().getParent());
                AtomicFiles.replaceFolder(model.folder(), model.target());
                installed.add(model.target());
                progress.message("Installed " + model.target());
            }
            placeDatasetFiles(staging, results, overwrite, progress);
            return installed;
        } finally {
            AtomicFiles.deleteRecursively(staging);
        }
    }

    /** Unpacks every entry; returns each file's sha256 by its entry name ({@code a/b/c}). */
    private Map<String, String> unpack(Path zip, String zipName, Path staging, Long maxBytes,
            ProgressListener progress) throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        ZipFile file;
        try {
            file = new ZipFile(zip.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw new ModelZipException(DAMAGED, null, zipName + " is not a readable zip: " + e.getMessage());
        }
        try (file) {
            List<? extends ZipEntry> entries = file.stream().toList();
            long bytes = 0;
            byte[] buffer = new byte[1 << 16];
            int done = 0;
            for (ZipEntry entry : entries) {
                if (progress.cancelled()) {
                    throw new CancellationException("install of " + zipName + " cancelled");
                }
                String name = entry.getName();
                List<String> segments;
                Path target;
                try {
                    segments = ZipEntryPaths.segments(name);
                    target = ZipEntryPaths.resolve(staging, segments);
                } catch (IllegalArgumentException e) {
                    throw new ModelZipException(UNSAFE, name, zipName + ": " + e.getMessage());
                }
                if (segments.isEmpty() || segments.get(0).equals(MACOS_METADATA)) {
                    continue;
                }
                if (!NnunetPaths.DATASET_FOLDER.matcher(segments.get(0)).matches()
                        || segments.size() < 2 && !entry.isDirectory()) {
                    throw new ModelZipException(UNSAFE, name, zipName + ": zip entry " + name + " lies outside a"
                            + " DatasetXXX_Name/ folder; a model zip holds nnUNet_results' dataset folders");
                }
                String normalised = String.join("/", segments);
                try {
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    CRC32 crc = new CRC32();
                    MessageDigest sha256 = NnunetModelZipExporter.sha256();
                    try (InputStream in = file.getInputStream(entry);
                            OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                                    StandardOpenOption.WRITE)) {
                        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                            bytes += n;
                            if (maxBytes != null && bytes > maxBytes) {
                                throw new ModelZipException(TOO_LARGE, name, zipName + " unpacks to more than "
                                        + maxBytes + " bytes, the most allowed (at entry " + name + ")");
                            }
                            crc.update(buffer, 0, n);
                            sha256.update(buffer, 0, n);
                            out.write(buffer, 0, n);
                        }
                    }
                    if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
                        throw new ModelZipException(DAMAGED, name, zipName + ": " + name
                                + " is damaged (its CRC-32 differs from the zip's)");
                    }
                    digests.put(normalised, HexFormat.of().formatHex(sha256.digest()));
                } catch (ZipException | EOFException e) {
                    throw new ModelZipException(DAMAGED, name, zipName + ": " + name + " is damaged: "
                            + e.getMessage());
                } catch (FileAlreadyExistsException e) {
                    throw new ModelZipException(UNSAFE, name, zipName + ": zip entry " + name + " is there twice,"
                            + " or clashes with a file or folder of the same name");
                }
                progress.update("install", ++done, entries.size());
            }
        }
        return digests;
    }

    /**
     * Every {@value ModelZip#CHECKSUMS} of the zip: each file it lists must be there with that sha256, and, once the
     * zip has one, every file must be listed (a file added after the export is as suspect as a changed one).
     */
    private static void verifyChecksums(String zipName, Path staging, Map<String, String> digests)
            throws IOException {
        List<String> lists = digests.keySet().stream().filter(n -> n.endsWith("/" + ModelZip.CHECKSUMS)).toList();
        if (lists.isEmpty()) {
            return;
        }
        Set<String> listed = new HashSet<>(lists);
        for (String list : lists) {
            List<String> lines = Files.readAllLines(staging.resolve(list), StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                Matcher line = CHECKSUM_LINE.matcher(lines.get(i));
                if (!line.matches()) {
                    throw new ModelZipException(DAMAGED, list, zipName + ": " + list + " line " + (i + 1)
                            + " is not '<sha256>  <file>'");
                }
                String entry = line.group(2);
                String digest = digests.get(entry);
                if (digest == null) {
                    throw new ModelZipException(INCOMPLETE, entry, zipName + ": " + entry + " is listed in " + list
                            + " but missing from the zip");
                }
                if (!digest.equalsIgnoreCase(line.group(1))) {
                    throw new ModelZipException(DAMAGED, entry, zipName + ": " + entry + " is damaged (its sha256"
                            + " differs from the one in " + list + ")");
                }
                listed.add(entry);
            }
        }
        for (String entry : digests.keySet()) {
            if (!listed.contains(entry)) {
                throw new ModelZipException(DAMAGED, entry, zipName + ": " + entry + " is not listed in "
                        + String.join(", ", lists) + ": it was added after the export");
            }
        }
    }

    /** The unpacked model folders, each checked to be complete. */
    private List<Staged> modelFolders(String zipName, Path staging, Path results) throws IOException {
        List<Staged> models = new ArrayList<>();
        for (Path dataset : children(staging)) {
            for (Path folder : children(dataset)) {
                if (!Files.isDirectory(folder) || !isModelName(folder.getFileName().toString())) {
                    continue;
                }
                String entry = dataset.getFileName() + "/" + folder.getFileName();
                readRequired(zipName, entry, folder, DatasetReader.DATASET_JSON, DatasetSpec.class);
                readRequired(zipName, entry, folder, ModelZip.PLANS_JSON, Plans.class);
                if (checkpointFolds(folder).isEmpty()) {
                    throw new ModelZipException(INCOMPLETE, entry + "/", zipName + ": model folder " + entry
                            + "/ has no fold_X/checkpoint_final.pth (nor another checkpoint)");
                }
                models.add(new Staged(entry, folder, results.resolve(dataset.getFileName().toString())
                        .resolve(folder.getFileName().toString())));
            }
        }
        if (models.isEmpty()) {
            throw new ModelZipException(INCOMPLETE, null, zipName + " holds no model folder"
                    + " DatasetXXX_Name/<trainer>__<plans>__<configuration>/");
        }
        return models;
    }

    private void readRequired(String zipName, String model, Path folder, String file, Class<?> type)
            throws IOException {
        String entry = model + "/" + file;
        Path path = folder.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new ModelZipException(INCOMPLETE, entry, zipName + ": " + entry + " is missing; a model folder"
                    + " needs dataset.json, plans.json and a fold_X/checkpoint_final.pth");
        }
        try {
            json.read(path, type);
        } catch (IOException e) {
            throw new ModelZipException(DAMAGED, entry, zipName + ": " + e.getMessage().replace(path.toString(),
                    entry));
        }
    }

    static boolean isModelName(String name) {
        try {
            NnunetPaths.ModelName.parse(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The folds of a model folder that hold a checkpoint, sorted. */
    static List<String> checkpointFolds(Path model) throws IOException {
        List<String> folds = new ArrayList<>();
        for (Path fold : children(model)) {
            String name = NnunetPaths.fold(fold);
            if (name != null && Files.isDirectory(fold) && !checkpoints(fold).isEmpty()) {
                folds.add(name);
            }
        }
        return folds;
    }

    /** A fold folder's checkpoint files, sorted. */
    static List<String> checkpoints(Path fold) throws IOException {
        return children(fold).stream().map(p -> p.getFileName().toString())
                .filter(n -> ModelZip.CHECKPOINT.matcher(n).matches()).toList();
    }

    /**
     * The dataset folders' other entries (find-best-configuration's inference_information.json, ...): put where
     * there is none yet, replaced with overwrite, else the installed one is kept.
     */
    private static void placeDatasetFiles(Path staging, Path results, boolean overwrite, ProgressListener progress)
            throws IOException {
        for (Path dataset : children(staging)) {
            for (Path child : children(dataset)) {
                if (Files.isDirectory(child) && isModelName(child.getFileName().toString())) {
                    continue;
                }
                Path target = results.resolve(dataset.getFileName().toString())
                        .resolve(child.getFileName().toString());
                if (Files.exists(target) && !overwrite) {
                    progress.message("Kept the installed " + target + " (overwrite replaces it)");
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (Files.isDirectory(child)) {
                    AtomicFiles.replaceFolder(child, target);
                } else {
                    try {
                        Files.move(child, target, StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(child, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static List<Path> children(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
