package io.jnnunet.io.internal;

import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageIoInfo;
import io.jnnunet.api.ImageIoRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Tracks the {@link ImageIo} services as they come and go. The first registered service for an ending wins, as
 * nnU-Net's auto-detection takes the first class in its list that supports an ending.
 */
@Component(service = ImageIoRegistry.class)
public class ImageIoRegistryComponent implements ImageIoRegistry {

    private record Entry(ImageIo io, String bundle) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** An empty registry; DS fills it through {@link #addImageIo}, tests through {@link #add}. */
    public ImageIoRegistryComponent() {
    }

    /** A registry holding the given readers/writers, for use outside OSGi. */
    public static ImageIoRegistryComponent of(ImageIo... ios) {
        ImageIoRegistryComponent registry = new ImageIoRegistryComponent();
        for (ImageIo io : ios) {
            registry.add(io, "(none)");
        }
        return registry;
    }

    public void add(ImageIo io, String bundle) {
        entries.add(new Entry(io, bundle));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addImageIo(ImageIo io, ServiceReference<ImageIo> ref) {
        add(io, ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName());
    }

    void removeImageIo(ImageIo io) {
        entries.removeIf(e -> e.io() == io);
    }

    @Override
    public Optional<ImageIo> forEnding(String fileEnding) {
        String ending = fileEnding.toLowerCase(Locale.ROOT);
        return entries.stream().map(Entry::io).filter(io -> io.fileEndings().contains(ending)).findFirst();
    }

    @Override
    public ImageIo require(String fileEnding) {
        return forEnding(fileEnding).orElseThrow(() -> new IllegalArgumentException("no image reader/writer for"
                + " file ending '" + fileEnding + "'; installed endings: "
                + installed().stream().map(ImageIoInfo::fileEnding).toList()));
    }

    @Override
    public List<ImageIoInfo> installed() {
        List<ImageIoInfo> rows = new ArrayList<>();
        for (Entry e : entries) {
            for (String ending : e.io().fileEndings()) {
                rows.add(new ImageIoInfo(ending, e.io().name(), e.bundle()));
            }
        }
        rows.sort(Comparator.comparing(ImageIoInfo::fileEnding));
        return rows;
    }
}
