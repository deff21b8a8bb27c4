package io.jnnunet.workflow.internal;

import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.Fingerprint;
import io.jnnunet.api.InstanceTuner;
import io.jnnunet.api.ModelExport;
import io.jnnunet.api.ModelExportRequest;
import io.jnnunet.api.ModelExporter;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.formats.AtomicFiles;
import io.jnnunet.formats.Checkpoint;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.formats.TorchCheckpoint;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code nnUNetv2_export_model_to_zip}: a model folder as nnU-Net's model zip ({@link ModelZip}), which
 * {@code nnUNetv2_install_pretrained_model_from_zip} and {@code nnunet:install-model-from-zip} both install. A fold's
 * checkpoint of jnnunet's own format ({@code .djl}) goes in as nnU-Net's {@code .pth} ({@link TorchCheckpoint}), so
 * that Python nnU-Net predicts with the zip; a {@code .pth} goes in as it is. Like nnU-Net, the requested folds must
 * exist; unlike nnU-Net, a fold's progress.png and validation summary are taken where present (a fold stopped before
 * its final validation still travels), and the zip gets a model card and the sha256 of every entry.
 */
@Component(service = ModelExporter.class, property = ModelExporter.FORMAT + "=" + ModelExporter.NNUNET)
public class NnunetModelZipExporter implements ModelExporter {

    private final String version;
    private final Clock clock;
    private final ModelCards cards = new ModelCards();
    private final NnunetJson json = new NnunetJson();

    @Activate
    public NnunetModelZipExporter(BundleContext context) {
        this(context.getBundle().getVersion().toString(), Clock.systemUTC());
    }

    /** @param version jnnunet's, for the model card */
    NnunetModelZipExporter(String version, Clock clock) {
        this.version = version;
        this.clock = clock;
    }

    @Override
    public String format() {
        return NNUNET;
    }

    @Override
    public String description() {
        return "nnU-Net's model zip (nnUNetv2_export_model_to_zip), .pth checkpoints, with a model card and sha256"
                + " checksums";
    }

    @Override
    public ModelExport export(ModelExportRequest request, ProgressListener progress) throws IOException {
        Path model = request.modelFolder().toAbsolutePath().normalize();
        NnunetPaths.ModelName name;
        try {
            name = NnunetPaths.ModelName.parse(model.getFileName().toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(model + " is not a model folder: " + e.getMessage(), e);
        }
        if (!Files.isDirectory(model)) {
            throw new IOException("model folder " + model + " does not exist: train the configuration first");
        }
        for (String required : List.of(DatasetReader.DATASET_JSON, ModelZip.PLANS_JSON)) {
            if (!Files.isRegularFile(model.resolve(required))) {
                throw new IOException("model folder " + model + " has no " + required);
            }
        }
        String checkpoint = ModelZip.checkpointBase(request.checkpointName());
        Map<String, Path> folds = folds(model, request.folds(), checkpoint);
        Path dataset = model.getParent();
        String prefix = dataset.getFileName() + "/" + model.getFileName() + "/";
        Path output = request.output().toAbsolutePath();
        Files.createDirectories(output.getParent());
        Map<String, String> checksums = new LinkedHashMap<>();
        boolean converted = folds.values().stream().anyMatch(c -> c.getFileName().toString()
                .endsWith(ModelZip.OWN_ENDING));
        List<String> postprocessing = new ArrayList<>();
        AtomicFiles.write(output, out -> {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, 1 << 20));
            Entries entries = new Entries(zip, checksums);
            int done = 0;
            for (Map.Entry<String, Path> fold : folds.entrySet()) {
                if (progress.cancelled()) {
                    throw new CancellationException("export of " + model + " cancelled");
                }
                String foldPrefix = prefix + "fold_" + fold.getKey() + "/";
                Path foldFolder = fold.getValue().getParent();
                progress.message("Exporting fold_" + fold.getKey() + (fold.getValue().getFileName().toString()
                        .endsWith(ModelZip.OWN_ENDING) ? " (" + fold.getValue().getFileName() + " as "
                        + checkpoint + TorchCheckpoint.FILE_ENDING + ")" : ""));
                for (String file : ModelZip.FOLD_FILES) {
                    entries.fileIfPresent(foldPrefix + file, foldFolder.resolve(file));
                }
                torchCheckpoint(entries, foldPrefix + checkpoint + TorchCheckpoint.FILE_ENDING, fold.getValue(),
                        output);
                entries.fileIfPresent(foldPrefix + "validation/" + ModelZip.SUMMARY_JSON,
                        NnunetPaths.validationFolder(foldFolder).resolve(ModelZip.SUMMARY_JSON));
                progress.update("export", ++done, folds.size());
            }
            String crossval = ModelZip.crossvalFolder(List.copyOf(folds.keySet()));
            for (String file : ModelZip.CROSSVAL_FILES) {
                if (entries.fileIfPresent(prefix + crossval + "/" + file, model.resolve(crossval).resolve(file))
                        && file.startsWith("postprocessing")) {
                    postprocessing.add(prefix + crossval + "/" + file);
                }
            }
            for (String file : List.of(ModelZip.PLANS_JSON, Fingerprint.FILE_NAME, DatasetReader.DATASET_JSON,
                    InstanceTuner.FILE_NAME)) {
                entries.fileIfPresent(prefix + file, model.resolve(file));
            }
            for (String file : ModelZip.DATASET_FILES) {
                entries.fileIfPresent(dataset.getFileName() + "/" + file, dataset.resolve(file));
            }
            ModelCard card = cards.describe(model, List.copyOf(folds.keySet()), checkpoint
                    + TorchCheckpoint.FILE_ENDING, converted ? ModelCard.JNNUNET : ModelCard.NNUNET, postprocessing,
                    version, clock.instant());
            entries.bytes(prefix + ModelCard.FILE_NAME, json.toString(card).getBytes(StandardCharsets.UTF_8));
            StringBuilder sums = new StringBuilder();
            checksums.forEach((entry, sha256) -> sums.append(sha256).append("  ").append(entry).append('\n'));
            entries.bytes(prefix + ModelZip.CHECKSUMS, sums.toString().getBytes(StandardCharsets.UTF_8));
            zip.finish();
            zip.flush();
        });
        List<String> names = List.copyOf(checksums.keySet());
        progress.message("Wrote " + output + " (" + names.size() + " entries, folds " + String.join(", ",
                folds.keySet()) + ")");
        return new ModelExport(output, NNUNET, Files.size(output), List.copyOf(folds.keySet()), names);
    }

    /**
     * The checkpoint of each fold, in fold order: the requested folds, each of which must have it, or every
     * {@code fold_X} that has it. A fold's {@code .djl} (what jnnunet predicts with) comes before its {@code .pth}.
     */
    private static Map<String, Path> folds(Path model, List<String> requested, String checkpoint)
            throws IOException {
        List<String> folds = new ArrayList<>(requested);
        boolean all = folds.isEmpty();
        if (all) {
            try (Stream<Path> children = Files.list(model)) {
                children.filter(Files::isDirectory).map(NnunetPaths::fold).filter(f -> f != null).sorted()
                        .forEach(folds::add);
            }
        }
        Map<String, Path> checkpoints = new LinkedHashMap<>();
        for (String fold : folds) {
            Path folder = NnunetPaths.foldFolder(model, fold);
            Path found = Stream.of(ModelZip.OWN_ENDING, TorchCheckpoint.FILE_ENDING)
                    .map(ending -> folder.resolve(checkpoint + ending)).filter(Files::isRegularFile).findFirst()
                    .orElse(null);
            if (found != null) {
                checkpoints.put(fold, found);
            } else if (!all) {
                throw new IOException("fold " + fold + " of " + model + " has no " + checkpoint + ModelZip.OWN_ENDING
                        + " or " + checkpoint + TorchCheckpoint.FILE_ENDING + ": " + folder);
            }
        }
        if (checkpoints.isEmpty()) {
            throw new IOException("no fold of " + model + " has " + checkpoint + ModelZip.OWN_ENDING + " or "
                    + checkpoint + TorchCheckpoint.FILE_ENDING);
        }
        return checkpoints;
    }

    /** A {@code .pth} as it is; a {@code .djl} written as a {@code .pth} beside the zip being written first. */
    private static void torchCheckpoint(Entries entries, String name, Path checkpoint, Path output)
            throws IOException {
        if (checkpoint.getFileName().toString().endsWith(TorchCheckpoint.FILE_ENDING)) {
            entries.file(name, checkpoint);
            return;
        }
        Path converted = output.resolveSibling("." + output.getFileName() + "." + UUID.randomUUID()
                + TorchCheckpoint.FILE_ENDING);
        try {
            TorchCheckpoint.write(Checkpoint.read(checkpoint), converted);
            entries.file(name, converted);
        } finally {
            Files.deleteIfExists(converted);
        }
    }

    /** Writes entries and keeps the sha256 of each. */
    private static final class Entries {

        private final ZipOutputStream zip;
        private final Map<String, String> checksums;

        Entries(ZipOutputStream zip, Map<String, String> checksums) {
            this.zip = zip;
            this.checksums = checksums;
        }

        boolean fileIfPresent(String name, Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            file(name, file);
            return true;
        }

        void file(String name, Path file) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                write(name, in::transferTo);
            }
        }

        void bytes(String name, byte[] bytes) throws IOException {
            write(name, out -> out.write(bytes));
        }

        private void write(String name, AtomicFiles.Content content) throws IOException {
            zip.putNextEntry(new ZipEntry(name));
            MessageDigest sha256 = sha256();
            // not closed: closing would close the zip
            OutputStream entry = new DigestOutputStream(zip, sha256);
            content.writeTo(entry);
            entry.flush();
            zip.closeEntry();
            checksums.put(name, HexFormat.of().formatHex(sha256.digest()));
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
