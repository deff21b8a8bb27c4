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

/** Completes a planner name with those installed now. */
@Service
public class PlannerCompleter implements Completer {

    @Reference
    BundleContext bundleContext;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        ServiceListing.of(bundleContext, ExperimentPlanner.class.getName(), ExperimentPlanner.NAME).stream()
                .map(ServiceListing.Row::name).distinct().forEach(names.getStrings()::add);
        return names.complete(session, commandLine, candidates);
    }
}
