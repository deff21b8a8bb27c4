package io.jnnunet.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Looks up a service by its name property at the moment of use (planners, architectures, evaluators), so a bundle
 * installed, updated or removed at runtime takes effect on the next command, and a running command keeps the
 * instance it started with until it is done.
 */
final class NamedServices {

    /** Work to do with a service. */
    @FunctionalInterface
    interface Work<T, R> {
        R apply(T service) throws Exception;
    }

    /** A row of a listing: the service's name and the bundle that provides it. */
    record Entry<T>(String name, T service, String bundle) {
    }

    private NamedServices() {
    }

    static <T, R> R use(BundleContext context, Class<T> type, String property, String name, Work<T, R> work)
            throws Exception {
        Collection<ServiceReference<T>> refs;
        try {
            refs = context.getServiceReferences(type, "(" + property + "=" + escape(name) + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("invalid name '" + name + "'", e);
        }
        for (ServiceReference<T> ref : refs) {
            T service = context.getService(ref);
            if (service != null) {
                try {
                    return work.apply(service);
                } finally {
                    context.ungetService(ref);
                }
            }
        }
        throw new IllegalArgumentException("no " + type.getSimpleName() + " named '" + name + "' is installed;"
                + " installed: " + list(context, type, property).stream().map(Entry::name).toList());
    }

    /** Every service of a type with its name, sorted by name. */
    static <T> List<Entry<T>> list(BundleContext context, Class<T> type, String property) {
        List<Entry<T>> entries = new ArrayList<>();
        try {
            for (ServiceReference<T> ref : context.getServiceReferences(type, null)) {
                T service = context.getService(ref);
                if (service != null) {
                    context.ungetService(ref);
                    entries.add(new Entry<>(Objects.toString(ref.getProperty(property), "?"), service,
                            ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName()));
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        entries.sort(java.util.Comparator.comparing(Entry::name));
        return entries;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
    }
}
