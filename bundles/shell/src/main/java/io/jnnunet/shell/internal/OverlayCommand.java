package io.jnnunet.shell.internal;

import io.jnnunet.api.OverlayRenderer;
import java.nio.file.Path;
import java.util.List;
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
        Path output = Path.of(this.output);
        List<Path> written = renderer.renderFolder(Path.of(images), reference == null ? null : Path.of(reference),
                prediction == null ? null : Path.of(prediction), cases == null ? List.of() : cases, output,
                Console.progress());
        System.out.println(written.size() + " overlays written to " + output);
        if (montage != null) {
            Path file = output.resolve(montage);
            renderer.montage(written, columns, file);
            System.out.println("Montage written to " + file);
        }
        return null;
    }
}
