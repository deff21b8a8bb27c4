package io.jnnunet.shell.internal;

import io.jnnunet.api.ExperimentPlanner;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;

/** Completes a planner name with the planners installed now. */
@Service
public class PlannerCompleter implements Completer {

    @Reference
    BundleContext bundleContext;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        NamedServices.list(bundleContext, ExperimentPlanner.class, ExperimentPlanner.NAME)
                .forEach(entry -> names.getStrings().add(entry.name()));
        return names.complete(session, commandLine, candidates);
    }
}
