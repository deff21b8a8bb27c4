package io.jnnunet.shell.internal;

import io.jnnunet.api.NnunetPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.AggregateCompleter;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes a dataset argument: the dataset names under the raw folder, or a file path. */
@Service
public class DatasetCompleter implements Completer {

    @Reference
    NnunetPaths paths;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        try (Stream<Path> folders = Files.list(paths.raw())) {
            folders.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("Dataset")).forEach(names.getStrings()::add);
        } catch (IOException e) {
            // no raw folder yet: paths are still offered
        }
        return new AggregateCompleter(List.of(names, new FileCompleter())).complete(session, commandLine, candidates);
    }
}
