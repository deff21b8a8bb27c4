package io.jnnunet.postprocessing.internal.instances;

import io.jnnunet.api.DatasetCase;
import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.InstanceDatasetConverter;
import io.jnnunet.api.InstanceRecipe;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.InstanceRecipeChooser;
import io.jnnunet.formats.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Builds a raw dataset whose training labels an {@link InstanceRecipe} encodes from another dataset's instance labels
 * ({@code labelsTr_instances}). The images and the other label folders are hard-linked where the file system allows,
 * else copied. Everything is built in a hidden folder beside the target and renamed into place at the end, so a
 * failed conversion never leaves a dataset that looks complete.
 */
@Component(service = InstanceDatasetConverter.class)
public class RecipeDatasetConverter implements InstanceDatasetConverter {

    static final String INSTANCES_TR = "labelsTr_instances";
    static final String INSTANCES_TS = "labelsTs_instances";
    /**
     * Folders taken over unchanged when the source has them; not labelsTs, whose labels mean what the source's
     * dataset.json says: it is encoded from labelsTs_instances like labelsTr, or left out.
     */
    private static final List<String> TAKEN_OVER = List.of("imagesTr", "imagesTs", INSTANCES_TR, INSTANCES_TS);
    private static final Pattern NAME = Pattern.compile("Dataset(\\d{3})_[^/\\\\]+");

    private final DatasetReader reader;
    private final ImageIoRegistry readers;

    private final NamedServices<InstanceRecipe> recipes =
            new NamedServices<>("instance recipe", InstanceRecipe.NAME, InstanceRecipe::name);

    @Activate
    public RecipeDatasetConverter(@Reference(name = "reader") DatasetReader reader,
            @Reference(name = "readers") ImageIoRegistry readers) {
        this.reader = reader;
        this.readers = readers;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeRecipe")
    void addRecipe(InstanceRecipe recipe, Map<String, Object> properties) {
        recipes.add(recipe, properties);
    }

    void removeRecipe(InstanceRecipe recipe) {
        recipes.remove(recipe);
    }

    @Override
    public Path convert(Path source, Path rawFolder, String targetName, String recipe,
            Map<String, Double> parameters, boolean overwrite, ProgressListener progress) throws IOException {
        return convert(new Request(source, rawFolder, targetName, recipes.require(recipe), parameters, overwrite),
                progress);
    }

    /** What to convert: the recipe's encoding parameters that are not given take the recipe's defaults. */
    record Request(Path source, Path rawFolder, String targetName, InstanceRecipe recipe,
            Map<String, Double> parameters, boolean overwrite) {

        Request {
            parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
        }
    }

    /** @return the new dataset's folder */
    Path convert(Request request, ProgressListener progress) throws IOException {
        Path target = checkTarget(request);
        Path source = request.source();
        DatasetSpec spec = reader.readDatasetJson(source);
        ImageIo io = readers.require(spec.fileEnding());
        List<Path> instanceFiles = instanceFiles(source, spec);

        Path building = request.rawFolder().resolve("." + request.targetName() + ".converting-" + UUID.randomUUID());
        try {
            Files.createDirectories(building);
            for (String folder : TAKEN_OVER) {
                if (Files.isDirectory(source.resolve(folder))) {
                    linkOrCopyTree(source.resolve(folder), building.resolve(folder));
                }
            }
            encode(request, io, instanceFiles, Files.createDirectories(building.resolve("labelsTr")), progress);
            if (Files.isDirectory(source.resolve(INSTANCES_TS))) {
                List<Path> testFiles;
                try (Stream<Path> files = Files.list(source.resolve(INSTANCES_TS))) {
                    testFiles = files.filter(f -> f.getFileName().toString().endsWith(spec.fileEnding())).sorted()
                            .toList();
                }
                encode(request, io, testFiles, Files.createDirectories(building.resolve("labelsTs")), progress);
            }
            reader.writeDatasetJson(converted(spec, source, request), building);
            AtomicFiles.replaceFolder(building, target);
        } finally {
            AtomicFiles.deleteRecursively(building);
        }
        return target;
    }

    /** Writes the recipe's training labels of each instance file into {@code folder}, under the same name. */
    private static void encode(Request request, ImageIo io, List<Path> instanceFiles, Path folder,
            ProgressListener progress) throws IOException {
        String task = "encoding " + folder.getFileName() + " (" + request.recipe().name() + ")";
        for (int i = 0; i < instanceFiles.size(); i++) {
            Path file = instanceFiles.get(i);
            try {
                io.write(request.recipe().trainingLabels(io.readSegmentation(file), request.parameters()),
                        folder.resolve(file.getFileName().toString()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
            progress.update(task, i + 1, instanceFiles.size());
        }
    }

    private static Path checkTarget(Request request) throws IOException {
        var matcher = NAME.matcher(request.targetName());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("the new dataset's name must look like DatasetXXX_Name (three digits),"
                    + " got '" + request.targetName() + "'");
        }
        Path target = request.rawFolder().resolve(request.targetName());
        if (target.toAbsolutePath().normalize().equals(request.source().toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the new dataset " + target + " cannot replace its source");
        }
        if (Files.exists(target) && !request.overwrite()) {
            throw new IllegalStateException(target + " exists; --overwrite replaces it");
        }
        String prefix = "Dataset" + matcher.group(1) + "_";
        if (Files.isDirectory(request.rawFolder())) {
            try (Stream<Path> folders = Files.list(request.rawFolder())) {
                List<String> sameId = folders.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith(prefix) && !n.equals(request.targetName())).toList();
                if (!sameId.isEmpty()) {
                    throw new IllegalStateException("dataset id " + matcher.group(1) + " is taken by " + sameId
                            + " in " + request.rawFolder() + "; choose another id");
                }
            }
        }
        return target;
    }

    /** The instance label file of every training case, or an error naming what is missing. */
    private List<Path> instanceFiles(Path source, DatasetSpec spec) throws IOException {
        Path folder = source.resolve(INSTANCES_TR);
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(source + " has no " + INSTANCES_TR + " folder: the recipe encodes"
                    + " instance label images (0 background, one id per object), one per training case");
        }
        List<Path> files = new ArrayList<>();
        List<Path> missing = new ArrayList<>();
        for (DatasetCase c : reader.trainingCases(source, spec)) {
            Path file = folder.resolve(c.label().getFileName().toString());
            (Files.isRegularFile(file) ? files : missing).add(file);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missing.size() + " training cases have no instance labels in "
                    + folder + ", e.g. " + missing.subList(0, Math.min(3, missing.size())));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(source + " has no training cases");
        }
        return files;
    }

    private static DatasetSpec converted(DatasetSpec spec, Path source, Request request) {
        String note = "Converted by nnunet:convert-instances from " + source.getFileName() + ": labelsTr (and labelsTs)"
                + " encoded from " + INSTANCES_TR + " (and " + INSTANCES_TS + ") by the instance recipe "
                + request.recipe().name()
                + (request.parameters().isEmpty() ? " with its default parameters" : " " + request.parameters()) + ".";
        Map<String, Object> other = new LinkedHashMap<>(spec.other());
        // which recipe decodes predictions of this dataset back into instances (nnU-Net ignores unknown keys)
        other.put(InstanceRecipeChooser.DATASET_JSON_KEY, Map.of("name", request.recipe().name(), "parameters",
                request.parameters()));
        return new DatasetSpec(spec.channelNames(), request.recipe().labels(), spec.numTraining(), spec.fileEnding(),
                spec.overwriteImageReaderWriter(), null, spec.dataset(), spec.name(),
                spec.description() == null ? note : spec.description() + " " + note, spec.reference(),
                spec.licence(), spec.release(), other);
    }

    private static void linkOrCopyTree(Path from, Path to) throws IOException {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                Path copy = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    try {
                        Files.createLink(copy, path);
                    } catch (UnsupportedOperationException | FileSystemException e) {
                        Files.copy(path, copy); // another file system, or one without hard links
                    }
                }
            }
        }
    }
}
