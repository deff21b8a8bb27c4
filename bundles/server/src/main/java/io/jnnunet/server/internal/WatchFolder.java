package io.jnnunet.server.internal;

import io.jnnunet.api.workflow.ServerInfo;
import io.jnnunet.formats.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder a microscope writes into ({@code etc/io.jnnunet.watch-<name>.cfg}). An image that appears in the inbox
 * is predicted once it is complete (its size and time unchanged for {@code stable.seconds}; a file renamed into
 * place is complete at once, and names starting with {@code .} or ending in {@code .part}/{@code .tmp} are never
 * taken); its mask is written atomically into the outbox under the image's name, then the image moves to
 * {@code inbox/done/}. An image that cannot be predicted moves to {@code inbox/failed/} beside a
 * {@code <name>.error.txt} that says why. Restart-safe: the result is written before the image moves, so an image
 * still in the inbox whose result is newer than itself was done before a stop and only moves; every image ends with
 * exactly one result or one error.
 */
@Component(service = WatchFolder.class, configurationPid = WatchFolder.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WatchFolder.Config.class, factory = true)
public class WatchFolder {

    static final String FACTORY_PID = "io.jnnunet.watch";
    static final String DONE = "done";
    static final String FAILED = "failed";
    private static final Set<String> ENDINGS = Set.of(".png", ".tif", ".tiff");
    private static final Logger LOG = LoggerFactory.getLogger(WatchFolder.class);

    @ObjectClassDefinition(name = "jnnunet watch folder", description = "Images that appear in a folder are"
            + " predicted with a model; one configuration per folder, io.jnnunet.watch-<name>.cfg")
    public @interface Config {
        @AttributeDefinition(description = "The folder images arrive in")
        String inbox();

        @AttributeDefinition(description = "The folder the masks are written to (created)")
        String outbox();

        @AttributeDefinition(description = "The model's id, as GET /api/models lists it:"
                + " DatasetXXX_Name__<trainer>__<plans>__<configuration>")
        String model();

        @AttributeDefinition(description = "Instance recipe, auto (the model's) or none for the semantic mask")
        String instances() default "auto";

        @AttributeDefinition(description = "Folds, comma-separated; empty: every fold with the checkpoint")
        String folds() default "";

        @AttributeDefinition(description = "Test-time mirroring")
        boolean mirroring() default true;

        @AttributeDefinition(description = "The nuclei's diameter in pixels, auto, or empty for native scale")
        String object_diameter() default "";

        @AttributeDefinition(description = "Seconds a file's size and time must stay unchanged before it is taken")
        int stable_seconds() default 2;

        @AttributeDefinition(description = "Seconds between looks at the inbox")
        int poll_seconds() default 1;
    }

    private record Seen(long size, FileTime modified, long since) {
    }

    private final SingleImagePredictions predictions;
    private final String name;
    private final Path inbox;
    private final Path outbox;
    private final String model;
    private final SingleImagePredictions.Options options;
    private final long stableNanos;
    private final Map<Path, Seen> seen = new HashMap<>();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String lastError;
    private final ScheduledExecutorService poller;

    @Activate
    public WatchFolder(@Reference SingleImagePredictions predictions, Config config, Map<String, Object> properties)
            throws IOException {
        this.predictions = predictions;
        if (config.inbox() == null || config.outbox() == null || config.model() == null) {
            throw new IllegalArgumentException(FACTORY_PID + ": a watch folder needs inbox, outbox and model");
        }
        this.inbox = Path.of(config.inbox()).toAbsolutePath().normalize();
        this.outbox = Path.of(config.outbox()).toAbsolutePath().normalize();
        this.model = config.model();
        ModelCatalog.ModelId.parse(model);
        Object pid = properties.get("felix.fileinstall.filename");
        this.name = pid == null ? String.valueOf(properties.get("service.pid")) : Path.of(pid.toString()
                .replaceFirst("^file:", "")).getFileName().toString().replaceFirst("^" + FACTORY_PID + "-", "")
                .replaceFirst("\\.cfg$", "");
        String instances = config.instances().isBlank() || config.instances().equals("none") ? null
                : config.instances();
        List<String> folds = config.folds().isBlank() ? List.of()
                : Stream.of(config.folds().split(",")).map(String::trim).toList();
        this.options = new SingleImagePredictions.Options(folds, "checkpoint_final", config.mirroring(), 0.5,
                instances, config.object_diameter().isBlank() ? null : config.object_diameter());
        this.stableNanos = TimeUnit.SECONDS.toNanos(Math.max(0, config.stable_seconds()));
        Files.createDirectories(inbox.resolve(DONE));
        Files.createDirectories(inbox.resolve(FAILED));
        Files.createDirectories(outbox);
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "jnnunet-watch-" + name);
            thread.setDaemon(true);
            return thread;
        });
        int every = Math.max(1, config.poll_seconds());
        poller.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.SECONDS);
        LOG.info("watch folder {}: {} -> {} with {}", name, inbox, outbox, model);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        poller.shutdown();
        // an image being predicted finishes (its result and move are atomic); a stop never leaves half of one
        if (!poller.awaitTermination(2, TimeUnit.MINUTES)) {
            poller.shutdownNow();
        }
    }

    public ServerInfo.WatchFolder status() {
        return new ServerInfo.WatchFolder(name, inbox.toString(), outbox.toString(), model, done.get(), failed.get(),
                lastError);
    }

    /** One look at the inbox; never throws, or the scheduler would stop calling it. */
    void poll() {
        try {
            List<Path> files;
            try (Stream<Path> list = Files.list(inbox)) {
                files = list.filter(Files::isRegularFile).filter(WatchFolder::candidate).sorted().toList();
            }
            seen.keySet().retainAll(files);
            for (Path file : files) {
                if (poller.isShutdown()) {
                    return;
                }
                if (stable(file)) {
                    take(file);
                    seen.remove(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            lastError = "cannot list " + inbox + ": " + e.getMessage();
            LOG.warn("watch folder {}: {}", name, lastError);
        }
    }

    private static boolean candidate(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return !n.startsWith(".") && !n.endsWith(".part") && !n.endsWith(".tmp") && dot > 0
                && ENDINGS.contains(n.substring(dot));
    }

    private boolean stable(Path file) throws IOException {
        long size = Files.size(file);
        FileTime modified = Files.getLastModifiedTime(file);
        long now = System.nanoTime();
        Seen before = seen.get(file);
        if (before == null || before.size() != size || !before.modified().equals(modified)) {
            seen.put(file, new Seen(size, modified, now));
            return stableNanos == 0;
        }
        return now - before.since() >= stableNanos;
    }

    private void take(Path image) throws IOException {
        String fileName = image.getFileName().toString();
        Path result = outbox.resolve(fileName);
        if (Files.exists(result) && Files.getLastModifiedTime(result).compareTo(Files.getLastModifiedTime(image))
                >= 0) {
            LOG.info("watch folder {}: {} was predicted before a stop; moving it to {}/", name, fileName, DONE);
            moveTo(DONE, image);
            return;
        }
        try {
            SingleImagePredictions.Prediction prediction = predictions.predict(model, image, options);
            prediction.imageIo().write(prediction.mask(), result);
            moveTo(DONE, image);
            done.incrementAndGet();
            LOG.info("watch folder {}: {} predicted in {} s", name, fileName,
                    String.format(Locale.ROOT, "%.2f", prediction.seconds()));
        } catch (ApiException e) {
            if (e.status() == 429) {
                // busy, not broken: the image stays and is taken on a later look
                return;
            }
            fail(image, e.getMessage());
        } catch (IOException | RuntimeException e) {
            fail(image, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void fail(Path image, String why) throws IOException {
        String fileName = image.getFileName().toString();
        lastError = fileName + ": " + why;
        LOG.warn("watch folder {}: {} failed: {}", name, fileName, why);
        AtomicFiles.write(inbox.resolve(FAILED).resolve(fileName + ".error.txt"),
                out -> out.write((why + System.lineSeparator()).getBytes(StandardCharsets.UTF_8)));
        moveTo(FAILED, image);
        failed.incrementAndGet();
    }

    /** Moves the image into {@code done/} or {@code failed/}; an earlier image of the same name keeps its place. */
    private void moveTo(String folder, Path image) throws IOException {
        Path target = inbox.resolve(folder).resolve(image.getFileName());
        for (int n = 1; Files.exists(target); n++) {
            target = inbox.resolve(folder).resolve(n + "-" + image.getFileName());
        }
        Files.move(image, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
