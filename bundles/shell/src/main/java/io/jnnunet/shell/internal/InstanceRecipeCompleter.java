package io.jnnunet.shell.internal;

import io.jnnunet.api.InstanceRecipe;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;

/** Completes an instance recipe name with the recipes installed now. */
@Service
public class InstanceRecipeCompleter implements Completer {

    @Reference
    BundleContext bundleContext;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        NamedServices.list(bundleContext, InstanceRecipe.class, InstanceRecipe.NAME)
                .forEach(entry -> names.getStrings().add(entry.name()));
        return names.complete(session, commandLine, candidates);
    }
}
