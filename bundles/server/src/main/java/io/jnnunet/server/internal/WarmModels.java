package io.jnnunet.server.internal;

import io.jnnunet.api.LoadedModel;
import io.jnnunet.api.Predictor;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.ServerInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models kept loaded between single-image predictions: a model's folds are loaded on first use and stay until
 * the memory they hold would pass {@link ServerConfig#model_cache_mb()}, when the least recently used ones are closed.
 * A model being loaded is loaded once, however many requests ask for it at the same time. The cache is emptied when
 * the predictor goes away (the component is deactivated with it), so no network of an old predictor bundle is used.
 */
@Component(service = WarmModels.class, configurationPid = ServerConfig.PID)
public class WarmModels {

    private static final Logger LOG = LoggerFactory.getLogger(WarmModels.class);

    /** What identifies a loaded model: its folder, folds and checkpoint. */
    record Key(Path folder, List<String> folds, String checkpoint) {
    }

    private final Predictor predictor;
    /** In access order, the least recently used first; guarded by itself. */
    private final Map<Key, Entry> models = new LinkedHashMap<>(16, 0.75f, true);
    private volatile long limitBytes;

    private static final class Entry {
        private LoadedModel model;
        private volatile Instant lastUsed = Instant.now();
    }

    @Activate
    public WarmModels(@Reference Predictor predictor, ServerConfig config) {
        this.predictor = predictor;
        modified(config);
    }

    @Modified
    void modified(ServerConfig config) {
        limitBytes = Math.max(1, config.model_cache_mb()) * 1024L * 1024L;
        List<LoadedModel> evicted;
        synchronized (models) {
            evicted = evict(null);
        }
        evicted.forEach(WarmModels::close);
    }

    @Deactivate
    void deactivate() {
        synchronized (models) {
            models.values().forEach(e -> close(e.model));
            models.clear();
        }
    }

    /**
     * The loaded model, loading it if needed. Another request may close it when memory runs short: a caller that
     * finds it closed ({@link IllegalStateException}) asks again.
     */
    public LoadedModel get(Path folder, List<String> folds, String checkpoint, ProgressListener listener)
            throws IOException {
        Key key = new Key(folder, List.copyOf(folds), checkpoint);
        Entry entry;
        synchronized (models) {
            entry = models.computeIfAbsent(key, k -> new Entry());
        }
        LoadedModel model;
        // loading happens outside the map's lock, under the entry's: one load per model, others wait for it
        synchronized (entry) {
            if (entry.model == null) {
                entry.model = predictor.load(folder, folds, checkpoint, null, listener);
                LOG.info("loaded {} folds {} ({} MiB)", folder.getFileName(), entry.model.folds(),
                        entry.model.bytes() / (1024 * 1024));
            }
            model = entry.model;
        }
        entry.lastUsed = Instant.now();
        List<LoadedModel> evicted;
        synchronized (models) {
            // evicted while loading: this request still uses it, the cache keeps what it has
            evicted = models.get(key) == entry ? evict(key) : List.of();
        }
        evicted.forEach(WarmModels::close);
        return model;
    }

    public List<ServerInfo.LoadedModel> loaded() {
        List<ServerInfo.LoadedModel> warm = new ArrayList<>();
        synchronized (models) {
            models.forEach((key, entry) -> {
                LoadedModel model = entry.model;
                if (model != null) {
                    warm.add(new ServerInfo.LoadedModel(key.folder().getParent().getFileName() + "__" + key.folder().getFileName(),
                            model.folds(), key.checkpoint(), model.bytes(), entry.lastUsed));
                }
            });
        }
        return warm;
    }

    /**
     * Removes the least recently used models, never {@code keep}, until the rest fits; guarded by the map. The caller
     * closes them outside the lock: closing waits for a prediction that runs on one.
     */
    private List<LoadedModel> evict(Key keep) {
        List<LoadedModel> evicted = new ArrayList<>();
        long total = models.values().stream().mapToLong(e -> e.model == null ? 0 : e.model.bytes()).sum();
        Iterator<Map.Entry<Key, Entry>> oldestFirst = models.entrySet().iterator();
        while (total > limitBytes && oldestFirst.hasNext()) {
            Map.Entry<Key, Entry> oldest = oldestFirst.next();
            LoadedModel model = oldest.getValue().model;
            if (oldest.getKey().equals(keep) || model == null) {
                continue;
            }
            oldestFirst.remove();
            total -= model.bytes();
            LOG.info("closing {} to stay within {} MiB", oldest.getKey().folder().getFileName(),
                    limitBytes / (1024 * 1024));
            evicted.add(model);
        }
        return evicted;
    }

    private static void close(LoadedModel model) {
        if (model != null) {
            model.close();
        }
    }
}
