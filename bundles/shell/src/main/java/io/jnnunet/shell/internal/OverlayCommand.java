package io.jnnunet.shell.internal;

import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageIoInfo;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.OverlayRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Service
@Command(scope = "nnunet", name = "overlay",
        description = "Draws reference (green) and predicted (magenta; yellow where both agree) contours over images:"
                + " one {case}.png per case and an optional montage")
public class OverlayCommand implements Action {

    /** nnU-Net's first channel suffix: overlays show channel 0. */
    private static final String FIRST_CHANNEL = "_0000";

    @Reference
    ImageIoRegistry imageIoRegistry;

    @Reference
    OverlayRenderer renderer;

    @Option(name = "-i", aliases = "--images", required = true,
            description = "images folder ({case}_0000{ending}, e.g. imagesTr)")
    @Completion(FileCompleter.class)
    String images;

    @Option(name = "-o", aliases = "--output", required = true, description = "folder for the {case}.png overlays")
    @Completion(FileCompleter.class)
    String output;

    @Option(name = "-ref", aliases = "--reference", description = "reference labels or instances ({case}{ending})")
    @Completion(FileCompleter.class)
    String reference;

    @Option(name = "-pred", aliases = "--prediction", description = "predicted labels or instances ({case}{ending})")
    @Completion(FileCompleter.class)
    String prediction;

    @Option(name = "--montage", description = "also tile the overlays into this PNG (relative: in the output folder)")
    @Completion(FileCompleter.class)
    String montage;

    @Option(name = "--columns", description = "montage columns (default 5)")
    int columns = 5;

    @Option(name = "--cases", multiValued = true,
            description = "case ids to draw (default: those with a prediction when -pred is given, else all)")
    List<String> cases;

    @Override
    public Object execute() throws Exception {
        Path images = Path.of(this.images);
        Path output = Path.of(this.output);
        Path reference = this.reference == null ? null : Path.of(this.reference);
        Path prediction = this.prediction == null ? null : Path.of(this.prediction);
        if (!Files.isDirectory(images)) {
            throw new IllegalArgumentException("the images folder " + images + " does not exist");
        }
        for (Path folder : new Path[] {reference, prediction}) {
            if (folder != null && !Files.isDirectory(folder)) {
                throw new IllegalArgumentException("the label folder " + folder + " does not exist");
            }
        }
        String ending = fileEnding(images);
        ImageIo io = imageIoRegistry.require(ending);
        Map<String, Path> found = casesIn(images, ending);
        List<String> selected = select(found, images, prediction, ending);
        List<Path> written = new ArrayList<>();
        ConsoleProgress progress = new ConsoleProgress(System.out);
        for (String id : selected) {
            Path imageFile = found.get(id);
            ImageVolume image = io.readImages(List.of(imageFile));
            ImageVolume ref = labels(io, reference, id + ending);
            ImageVolume pred = labels(io, prediction, id + ending);
            Path file = output.resolve(id + ".png");
            try {
                renderer.render(image, ref, pred, id, file);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(imageFile + ": " + e.getMessage(), e);
            }
            written.add(file);
            progress.update("overlays", written.size(), selected.size());
        }
        System.out.println(written.size() + " overlays written to " + output);
        if (montage != null) {
            Path file = output.resolve(montage);
            renderer.montage(written, columns, file);
            System.out.println("Montage written to " + file);
        }
        return null;
    }

    /** The installed ending with the most {@code {case}_0000{ending}} files in the images folder. */
    private String fileEnding(Path images) throws IOException {
        List<String> names = list(images).stream().map(p -> p.getFileName().toString()).toList();
        return imageIoRegistry.installed().stream().map(ImageIoInfo::fileEnding).distinct()
                .filter(e -> names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).endsWith(FIRST_CHANNEL + e)))
                .max(Comparator.comparingLong(e -> names.stream()
                        .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(FIRST_CHANNEL + e)).count()))
                .orElseThrow(() -> new IllegalArgumentException(images + " holds no {case}" + FIRST_CHANNEL
                        + "{ending} image of an installed reader; installed endings: " + imageIoRegistry.installed()
                                .stream().map(ImageIoInfo::fileEnding).toList()));
    }

    private static Map<String, Path> casesIn(Path images, String ending) throws IOException {
        Map<String, Path> found = new TreeMap<>();
        String suffix = FIRST_CHANNEL + ending;
        for (Path file : list(images)) {
            String name = file.getFileName().toString();
            if (name.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                found.put(name.substring(0, name.length() - suffix.length()), file);
            }
        }
        return found;
    }

    private List<String> select(Map<String, Path> found, Path images, Path prediction, String ending) {
        if (cases != null && !cases.isEmpty()) {
            for (String id : cases) {
                if (!found.containsKey(id)) {
                    throw new IllegalArgumentException("case " + id + " has no image " + id + FIRST_CHANNEL + ending
                            + " in " + images);
                }
            }
            return cases;
        }
        List<String> ids = found.keySet().stream()
                .filter(id -> prediction == null || Files.exists(prediction.resolve(id + ending))).toList();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no case of " + images + " has a prediction in " + prediction);
        }
        return ids;
    }

    /** A case's labels from a folder, or null (with a note) when the folder has none for it. */
    private static ImageVolume labels(ImageIo io, Path folder, String fileName) throws IOException {
        if (folder == null) {
            return null;
        }
        Path file = folder.resolve(fileName);
        if (!Files.exists(file)) {
            System.out.println("  no " + file + ": drawn without it");
            return null;
        }
        return io.readSegmentation(file);
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
