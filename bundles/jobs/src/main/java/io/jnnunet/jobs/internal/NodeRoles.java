package io.jnnunet.jobs.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * This node's roles in a cluster, from the cluster's configuration ({@value #PID}, whose keys the cluster bundle
 * describes): a head sends every job to the cluster, a worker alone takes no jobs of its own. Without that
 * configuration, or with empty roles, the node is on its own and runs its jobs itself. A component of its own
 * because a component may designate only one configuration, and the job queue has its own.
 */
@Component(service = NodeRoles.class, configurationPid = NodeRoles.PID)
public class NodeRoles {

    static final String PID = "io.jnnunet.cluster";

    public @interface Config {
        /** {@code head}, {@code worker}, both separated by commas, or empty for a node on its own. */
        String roles() default "";
    }

    private volatile Set<String> roles;

    @Activate
    public NodeRoles(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        roles = Arrays.stream(config.roles().toLowerCase(Locale.ROOT).split(",")).map(String::strip)
                .filter(role -> !role.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** Every job goes to the cluster's dispatcher; none runs in this process. */
    boolean head() {
        return roles.contains("head");
    }

    /** Takes units from the cluster and no jobs of its own. */
    boolean workerOnly() {
        return roles.contains("worker") && !head();
    }
}
