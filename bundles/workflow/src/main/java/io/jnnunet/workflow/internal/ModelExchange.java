package io.jnnunet.workflow.internal;

import io.jnnunet.api.ModelExport;
import io.jnnunet.api.ModelExportRequest;
import io.jnnunet.api.ModelExporter;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.ExportModelRequest;
import io.jnnunet.api.workflow.InstallModelRequest;
import io.jnnunet.api.workflow.InstalledModel;
import io.jnnunet.api.workflow.ModelExchangeWorkflow;
import io.jnnunet.api.workflow.ModelOrigin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Export through the {@link ModelExporter} of the request's format, install of model zips
 * ({@link ModelZipInstaller}) and the models under {@code nnUNet_results} with their origin.
 */
@Component(service = ModelExchangeWorkflow.class)
public class ModelExchange implements ModelExchangeWorkflow {

    private final NnunetPaths paths;
    private final ModelZipInstaller installer;
    private final ModelCards cards = new ModelCards();
    private final NamedServices<ModelExporter> exporters = new NamedServices<>("model exporter",
            ModelExporter.FORMAT, ModelExporter::format);

    @Activate
    public ModelExchange(@Reference NnunetPaths paths, BundleContext context) {
        this(paths, context.getBundle().getVersion().toString(), Clock.systemUTC());
    }

    ModelExchange(NnunetPaths paths, String version, Clock clock) {
        this.paths = paths;
        this.installer = new ModelZipInstaller(version, clock);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeExporter")
    public void addExporter(ModelExporter exporter, Map<String, Object> properties) {
        exporters.add(exporter, properties);
    }

    public void removeExporter(ModelExporter exporter) {
        exporters.remove(exporter);
    }

    @Override
    public ModelExport export(ExportModelRequest request, ProgressListener progress) throws IOException {
        ModelExporter exporter = exporters.require(request.format());
        Path model = paths.modelFolder(request.dataset(), request.modelName());
        progress.message("export " + model + " as " + request.format() + " -> " + request.output());
        return exporter.export(new ModelExportRequest(model, request.folds(), request.checkpoint(),
                Path.of(request.output()).toAbsolutePath()), progress);
    }

    @Override
    public List<InstalledModel> install(InstallModelRequest request, ProgressListener progress) throws IOException {
        List<InstalledModel> installed = new ArrayList<>();
        for (Path folder : installer.install(Path.of(request.zip()), paths.results(), request.overwrite(),
                request.maxBytes(), progress)) {
            read(folder).ifPresent(installed::add);
        }
        return installed;
    }

    @Override
    public List<InstalledModel> models() throws IOException {
        List<InstalledModel> models = new ArrayList<>();
        for (Path dataset : folders(paths.results())) {
            if (!NnunetPaths.DATASET_FOLDER.matcher(dataset.getFileName().toString()).matches()) {
                continue;
            }
            for (Path folder : folders(dataset)) {
                if (ModelZipInstaller.isModelName(folder.getFileName().toString())) {
                    read(folder).ifPresent(models::add);
                }
            }
        }
        return models;
    }

    /** A model folder with at least one fold checkpoint. */
    private Optional<InstalledModel> read(Path folder) throws IOException {
        List<String> folds = ModelZipInstaller.checkpointFolds(folder);
        if (folds.isEmpty()) {
            return Optional.empty();
        }
        Set<String> checkpoints = new LinkedHashSet<>();
        for (String fold : folds) {
            checkpoints.addAll(ModelZipInstaller.checkpoints(NnunetPaths.foldFolder(folder, fold)));
        }
        NnunetPaths.ModelName name = NnunetPaths.ModelName.parse(folder.getFileName().toString());
        return Optional.of(new InstalledModel(folder.getParent().getFileName().toString(), name.trainer(),
                name.plans(), name.configuration(), folds, List.copyOf(checkpoints), origin(folder, checkpoints),
                folder.toString()));
    }

    private ModelOrigin origin(Path folder, Set<String> checkpoints) {
        Optional<ModelCard.Installed> installed = cards.read(folder).map(ModelCard::installed);
        if (installed.isPresent()) {
            return new ModelOrigin(ModelOrigin.INSTALLED, installed.get().from(), installed.get().date());
        }
        boolean own = checkpoints.stream().anyMatch(c -> c.endsWith(ModelZip.OWN_ENDING));
        return new ModelOrigin(own ? ModelOrigin.TRAINED : ModelOrigin.NNUNET, null, null);
    }

    private static List<Path> folders(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }
}
