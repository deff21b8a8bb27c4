package io.jnnunet.io.internal;

import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageIoInfo;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.NamedServices;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Tracks the {@link ImageIo} services as they come and go, picked per file ending (the {@value ImageIo#FILE_ENDING}
 * property, else {@link ImageIo#fileEndings()}): the highest {@code service.ranking} wins, then the one registered
 * first, as nnU-Net's auto-detection takes the first class in its list that supports an ending. A lab's reader of
 * {@code .png} with a higher ranking overrides the built-in one for {@code .png} only, and removing it brings the
 * built-in back.
 */
@Component(service = ImageIoRegistry.class)
public class ImageIoRegistryComponent implements ImageIoRegistry {

    private final NamedServices<ImageIo> byEnding =
            NamedServices.multiNamed("image reader/writer for file ending", ImageIo.FILE_ENDING, ImageIo::fileEndings);
    private final Map<ImageIo, String> bundles = Collections.synchronizedMap(new IdentityHashMap<>());

    /** An empty registry; DS fills it through {@link #addImageIo}, tests through {@link #add}. */
    public ImageIoRegistryComponent() {
    }

    /** A registry holding the given readers/writers, for use outside OSGi; for an ending the first given wins. */
    public static ImageIoRegistryComponent of(ImageIo... ios) {
        ImageIoRegistryComponent registry = new ImageIoRegistryComponent();
        for (ImageIo io : ios) {
            registry.add(io, Map.of(), "(none)");
        }
        return registry;
    }

    /**
     * Registers a reader/writer.
     *
     * @param properties its service properties: {@code service.ranking}, {@code service.id}, optionally the endings
     * @param bundle the symbolic name of the bundle that provides it, for {@link #installed()}
     */
    public void add(ImageIo io, Map<String, ?> properties, String bundle) {
        bundles.put(io, bundle);
        byEnding.add(io, properties);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addImageIo(ImageIo io, ServiceReference<ImageIo> ref, Map<String, Object> properties) {
        add(io, properties, ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName());
    }

    void removeImageIo(ImageIo io) {
        byEnding.remove(io);
        bundles.remove(io);
    }

    @Override
    public Optional<ImageIo> forEnding(String fileEnding) {
        return byEnding.get(fileEnding.toLowerCase(Locale.ROOT));
    }

    @Override
    public ImageIo require(String fileEnding) {
        return byEnding.require(fileEnding.toLowerCase(Locale.ROOT));
    }

    /** The reader/writer picked for each ending, sorted by ending; overridden ones are not listed. */
    @Override
    public List<ImageIoInfo> installed() {
        return byEnding.entries().stream().filter(NamedServices.Entry::active)
                .map(e -> new ImageIoInfo(e.name(), e.service().name(), bundles.getOrDefault(e.service(), "?")))
                .toList();
    }
}
