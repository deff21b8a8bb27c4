package io.jnnunet.shell.internal;

import io.jnnunet.api.NamedServices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The services of one type as the listing commands show them: each name with the bundle (symbolic name and version)
 * that provides it, its {@code service.ranking}, and whether it is the one a consumer picks for that name (the
 * highest-ranked, as {@link NamedServices} picks). Read from the service registry by class name, so that a listing
 * needs no import of the service's package.
 */
final class ServiceListing {

    /** One registered service under one of its names. */
    record Row(String name, ServiceReference<?> reference, int ranking, boolean active) {

        String bundle() {
            return reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName();
        }

        String version() {
            return reference.getBundle() == null ? "?" : reference.getBundle().getVersion().toString();
        }

        /** The cells of {@link #addColumns}. */
        Object[] cells() {
            return new Object[] {bundle(), version(), ranking, active ? "*" : ""};
        }

        /** Something the service says of itself (a description), or empty when it is gone. */
        <T> String describe(BundleContext context, Class<T> type, Function<T, String> what) {
            Object service = context.getService(reference);
            if (service == null) {
                return "";
            }
            try {
                return what.apply(type.cast(service));
            } finally {
                context.ungetService(reference);
            }
        }
    }

    private ServiceListing() {
    }

    /** Every service registered under the class name, one row per name (a reader has one per file ending). */
    static List<Row> of(BundleContext context, String className, String nameProperty) {
        ServiceReference<?>[] references;
        try {
            references = context.getServiceReferences(className, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        NamedServices<ServiceReference<?>> named = new NamedServices<>(className, nameProperty, r -> "?");
        for (ServiceReference<?> reference : references == null ? new ServiceReference<?>[0] : references) {
            for (String name : names(reference.getProperty(nameProperty))) {
                Map<String, Object> properties = new HashMap<>();
                properties.put(nameProperty, name);
                properties.put(NamedServices.RANKING, reference.getProperty(NamedServices.RANKING));
                properties.put(NamedServices.ID, reference.getProperty(NamedServices.ID));
                named.add(reference, properties);
            }
        }
        return named.entries().stream().map(e -> new Row(e.name(), e.service(), e.ranking(), e.active())).toList();
    }

    /** The names the listings share after their own columns. */
    static void addColumns(ShellTable table) {
        table.column("Bundle");
        table.column("Version");
        table.column("Ranking").alignRight();
        table.column("Active");
    }

    /** A row's own cells followed by the shared ones. */
    static Object[] row(Row row, Object... own) {
        List<Object> cells = new ArrayList<>(Arrays.asList(own));
        cells.addAll(List.of(row.cells()));
        return cells.toArray();
    }

    private static List<String> names(Object property) {
        if (property instanceof String[] array) {
            return List.of(array);
        }
        if (property instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        return List.of(property == null ? "?" : property.toString());
    }
}
