package io.jnnunet.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The services of one type picked by name: each carries a name property ({@code architecture.name},
 * {@code metric.name}, ...); among those of one name the highest {@code service.ranking} wins (then the lowest
 * {@code service.id}, the one registered first), so a lab's bundle overrides a built-in by registering the same name
 * with a higher ranking, and removing it brings the built-in back. A service may serve several names (a multi-valued
 * property, or {@link #multiNamed}): an image reader for {@code .png} and {@code .jpg} is picked per ending.
 * Components fill it from dynamic multiple references ({@link #add}, {@link #remove}); tests and code outside OSGi
 * fill it by hand. Thread-safe; a caller that picked a service keeps using that instance even if it goes away
 * meanwhile.
 *
 * @param <T> the service type
 */
public final class NamedServices<T> {

    /** OSGi's {@code service.ranking}. */
    public static final String RANKING = "service.ranking";
    /** OSGi's {@code service.id}. */
    public static final String ID = "service.id";

    /**
     * One registered service under one of its names.
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
    private final Function<T, ? extends Collection<String>> fallbackNames;
    private final List<Registered<T>> services = new ArrayList<>();
    private long added;

    /**
     * @param kind what the services are, for error messages ({@code architecture})
     * @param property the name property ({@code architecture.name})
     * @param fallbackName the name of a service registered without the property (its own {@code name()})
     */
    public NamedServices(String kind, String property, Function<T, String> fallbackName) {
        this(fallbackName.andThen(List::of), kind, property);
    }

    private NamedServices(Function<T, ? extends Collection<String>> fallbackNames, String kind, String property) {
        this.kind = kind;
        this.property = property;
        this.fallbackNames = fallbackNames;
    }

    /**
     * Services that each serve several names, e.g. readers by file ending.
     *
     * @param fallbackNames the names of a service registered without the property ({@code fileEndings()})
     */
    public static <T> NamedServices<T> multiNamed(String kind, String property,
            Function<T, ? extends Collection<String>> fallbackNames) {
        return new NamedServices<>(fallbackNames, kind, property);
    }

    /**
     * Registers a service with its OSGi service properties (name, ranking, id); a DS bind method calls it. The name
     * property may hold several names (an array or a collection), and so may the fallback.
     */
    public synchronized void add(T service, Map<String, ?> properties) {
        Object ranking = properties.get(RANKING);
        Object id = properties.get(ID);
        added++;
        int rank = ranking instanceof Integer r ? r : 0;
        // hand-registered services come after every OSGi one of the same ranking, in the order they were added
        long order = id instanceof Long l ? l : Long.MAX_VALUE / 2 + added;
        for (String name : namesOf(service, properties.get(property))) {
            services.add(new Registered<>(name, service, rank, order));
        }
        services.sort(ORDER);
    }

    private Set<String> namesOf(T service, Object value) {
        Collection<?> names = value == null ? fallbackNames.apply(service)
                : value instanceof Object[] array ? List.of(array)
                : value instanceof Collection<?> collection ? collection
                : List.of(value);
        Set<String> distinct = new HashSet<>();
        names.forEach(n -> distinct.add(n.toString()));
        return distinct;
    }

    /** Registers a service under its own name(s) with ranking 0, for use outside OSGi. */
    public void add(T service) {
        add(service, Map.of());
    }

    /** Unregisters a service under every name it serves; a DS unbind method calls it. */
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
     * @throws IllegalArgumentException naming the installed ones when none of that name is installed: the name
     *         comes from the caller (a request, the plans, dataset.json)
     */
    public T require(String name) {
        return get(name).orElseThrow(() -> new IllegalArgumentException("no " + kind + " '" + name
                + "' is installed; installed: " + names()));
    }

    /** The names that can be picked, sorted. */
    public synchronized List<String> names() {
        return services.stream().map(Registered::name).distinct().sorted().toList();
    }

    /** The distinct services that {@link #get} picks for at least one name, in the order of their first name. */
    public synchronized List<T> active() {
        List<T> active = new ArrayList<>();
        for (Entry<T> e : entries()) {
            if (e.active() && active.stream().noneMatch(s -> s == e.service())) {
                active.add(e.service());
            }
        }
        return active;
    }

    /** Every registered service under each of its names, sorted by name, the picked one of each name first. */
    public synchronized List<Entry<T>> entries() {
        List<Entry<T>> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Registered<T> r : services) {
            entries.add(new Entry<>(r.name(), r.service(), r.ranking(), r.id(), seen.add(r.name())));
        }
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }
}
