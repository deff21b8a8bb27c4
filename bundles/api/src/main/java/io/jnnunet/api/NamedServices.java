package io.jnnunet.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The services of one type picked by name: each carries a name property ({@code architecture.name},
 * {@code metric.name}, ...); among those of one name the highest {@code service.ranking} wins (then the lowest
 * {@code service.id}, the one registered first), so a lab's bundle overrides a built-in by registering the same name
 * with a higher ranking, and removing it brings the built-in back. Components fill it from dynamic multiple
 * references ({@link #add}, {@link #remove}); tests and code outside OSGi fill it by hand. Thread-safe; a caller
 * that picked a service keeps using that instance even if it goes away meanwhile.
 *
 * @param <T> the service type
 */
public final class NamedServices<T> {

    /** OSGi's {@code service.ranking}. */
    public static final String RANKING = "service.ranking";
    /** OSGi's {@code service.id}. */
    public static final String ID = "service.id";

    /**
     * One registered service.
     *
     * @param active whether {@link #get} picks it for its name (false: a higher-ranked one of that name overrides it)
     */
    public record Entry<T>(String name, T service, int ranking, long id, boolean active) {
    }

    private record Registered<T>(String name, T service, int ranking, long id) {
    }

    private static final Comparator<Registered<?>> ORDER = Comparator.<Registered<?>>comparingInt(r -> -r.ranking())
            .thenComparingLong(Registered::id);

    private final String kind;
    private final String property;
    private final Function<T, String> fallbackName;
    private final List<Registered<T>> services = new ArrayList<>();
    private long added;

    /**
     * @param kind what the services are, for error messages ({@code architecture})
     * @param property the name property ({@code architecture.name})
     * @param fallbackName the name of a service registered without the property (its own {@code name()})
     */
    public NamedServices(String kind, String property, Function<T, String> fallbackName) {
        this.kind = kind;
        this.property = property;
        this.fallbackName = fallbackName;
    }

    /** Registers a service with its OSGi service properties (name, ranking, id); a DS bind method calls it. */
    public synchronized void add(T service, Map<String, ?> properties) {
        Object name = properties.get(property);
        Object ranking = properties.get(RANKING);
        Object id = properties.get(ID);
        added++;
        services.add(new Registered<>(name == null ? fallbackName.apply(service) : name.toString(), service,
                ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : Long.MAX_VALUE / 2 + added));
        services.sort(ORDER);
    }

    /** Registers a service under its own name with ranking 0, for use outside OSGi. */
    public void add(T service) {
        add(service, Map.of());
    }

    /** Unregisters a service; a DS unbind method calls it. */
    public synchronized void remove(T service) {
        services.removeIf(r -> r.service() == service);
    }

    /** The highest-ranked service of that name, if one is installed. */
    public synchronized Optional<T> get(String name) {
        return services.stream().filter(r -> r.name().equals(name)).findFirst().map(Registered::service);
    }

    /**
     * The highest-ranked service of that name.
     *
     * @throws IllegalStateException naming the installed ones when none of that name is installed
     */
    public T require(String name) {
        return get(name).orElseThrow(() -> new IllegalStateException("no " + kind + " named '" + name
                + "' is installed; installed: " + names()));
    }

    /** The names that can be picked, sorted. */
    public synchronized List<String> names() {
        return services.stream().map(Registered::name).distinct().sorted().toList();
    }

    /** The services that {@link #get} picks, one per name, sorted by name. */
    public synchronized List<T> active() {
        return entries().stream().filter(Entry::active).map(Entry::service).toList();
    }

    /** Every registered service, sorted by name, the picked one of each name first. */
    public synchronized List<Entry<T>> entries() {
        List<Entry<T>> entries = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Registered<T> r : services) {
            entries.add(new Entry<>(r.name(), r.service(), r.ranking(), r.id(), !seen.contains(r.name())));
            seen.add(r.name());
        }
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }
}
