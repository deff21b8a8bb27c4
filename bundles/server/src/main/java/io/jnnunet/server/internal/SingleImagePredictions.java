package io.jnnunet.server.internal;

import io.jnnunet.api.ImageIo;
import io.jnnunet.api.Futures;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.LoadedModel;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SingleImageOptions;
import io.jnnunet.api.workflow.PredictionWorkflow;
import io.jnnunet.server.internal.ModelCatalog.ModelId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * One image through a warm model, for the predict endpoint and the watch folders alike. Predictions run on
 * {@link ServerConfig#predict_concurrency()} threads of their own (kept for reuse), never on the job queue's, so a single image never
 * waits behind a training; a request that finds them all busy waits up to
 * {@link ServerConfig#predict_wait_seconds()}, then gets 429. The threads live as long as the component: PyTorch's
 * first operation on a new thread is slow (seconds), so a request thread is never the one that runs the network.
 * A change of the settings applies at once; a prediction that runs keeps its thread.
 */
@Component(service = SingleImagePredictions.class, configurationPid = ServerConfig.PID)
public class SingleImagePredictions {

    /** What a single-image prediction asks for. */
    public record Options(List<String> folds, String checkpoint, boolean mirroring, double stepSize,
            String instances, String objectDiameter) {

        public Options {
            folds = List.copyOf(folds);
        }
    }

    /** The image as read and what the model made of it: the semantic or the instance mask, in its geometry. */
    public record Prediction(ImageVolume image, ImageVolume mask, boolean instances, ImageIo imageIo, double seconds) {
    }

    private static final long THREAD_KEEP_MINUTES = 30;

    private final ModelCatalog catalog;
    private final WarmModels warm;
    private final PredictionWorkflow workflow;
    private final ImageIoRegistry imageIos;
    private final ThreadPoolExecutor threads;
    /** Replaced when the concurrency changes; a request releases the one it acquired. */
    private volatile Semaphore turns;
    private volatile int concurrency;
    private volatile int waitSeconds;
    private volatile long maxPixels;

    @Activate
    public SingleImagePredictions(@Reference ModelCatalog catalog, @Reference WarmModels warm,
            @Reference PredictionWorkflow workflow, @Reference ImageIoRegistry imageIos, ServerConfig config) {
        this.catalog = catalog;
        this.warm = warm;
        this.workflow = workflow;
        this.imageIos = imageIos;
        AtomicInteger count = new AtomicInteger();
        // as many threads as turns are taken, kept for reuse while predictions come (the turns bound them)
        threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, THREAD_KEEP_MINUTES, TimeUnit.MINUTES,
                new SynchronousQueue<>(), r -> {
            Thread thread = new Thread(r, "jnnunet-predict-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        modified(config);
    }

    @Modified
    void modified(ServerConfig config) {
        int concurrency = Math.max(1, config.predict_concurrency());
        if (concurrency != this.concurrency) {
            this.concurrency = concurrency;
            turns = new Semaphore(concurrency, true);
        }
        waitSeconds = Math.max(0, config.predict_wait_seconds());
        maxPixels = config.max_image_pixels();
    }

    @Deactivate
    void deactivate() {
        threads.shutdownNow();
    }

    /** An image as the server read it, and the reader of its format (which writes an answer in the same one). */
    public record Read(ImageVolume image, ImageIo imageIo) {
    }

    /**
     * Reads an image file as a prediction does (its ending picks the reader), for the predictions and for whatever
     * shows the image they are made of.
     *
     * @throws ApiException 400 for an unreadable image, 413 for one over {@link ServerConfig#max_image_pixels()}
     */
    public Read read(Path imageFile) {
        String name = imageFile.getFileName().toString();
        ImageIo imageIo = imageIos.forEnding(name.substring(Math.max(0, name.lastIndexOf('.'))))
                .orElseThrow(() -> ApiException.badRequest("cannot read '" + name + "': the server reads "
                        + imageIos.installed().stream().map(i -> i.fileEnding()).toList()));
        ImageVolume image;
        try {
            image = imageIo.readImages(List.of(imageFile));
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the image: " + e.getMessage());
        }
        if (image.voxelCount() > maxPixels) {
            throw ApiException.tooLarge(String.format(Locale.ROOT, "the image has %d pixels (%s); the server"
                    + " predicts at most %d (max.image.pixels)", image.voxelCount(),
                    java.util.Arrays.toString(image.shape()), maxPixels));
        }
        return new Read(image, imageIo);
    }

    /**
     * Predicts an image file ({@link #read}).
     *
     * @throws ApiException 400 for an unreadable image or one the model cannot take, 404 for an unknown model, 413
     *     for an image over {@link ServerConfig#max_image_pixels()}, 429 when no prediction thread frees up in time
     */
    public Prediction predict(String modelId, Path imageFile, Options options) throws IOException {
        ModelCatalog.Model model = catalog.model(modelId);
        ModelId id = ModelId.parse(model.id());
        Read read = read(imageFile);
        ImageVolume image = read.image();
        SingleImageOptions single = workflow.singleImageOptions(id.dataset(), id.name(), options.instances(),
                options.objectDiameter(), options.mirroring(), options.stepSize());
        Path folder = catalog.folder(id);
        long start = System.nanoTime();
        ImageVolume mask = onPredictionThread(() -> {
            try {
                return warm.get(folder, options.folds(), options.checkpoint(), ProgressListener.NONE)
                        .predict(image, single, ProgressListener.NONE);
            } catch (IllegalStateException closed) {
                // closed to free memory between the cache's answer and the prediction: load it again, once
                LoadedModel again = warm.get(folder, options.folds(), options.checkpoint(), ProgressListener.NONE);
                return again.predict(image, single, ProgressListener.NONE);
            }
        });
        return new Prediction(image, mask, single.instanceRecipe() != null, read.imageIo(),
                (System.nanoTime() - start) / 1e9);
    }

    private interface Work {
        ImageVolume run() throws IOException;
    }

    private ImageVolume onPredictionThread(Work work) throws IOException {
        Semaphore turns = this.turns;
        int waitSeconds = this.waitSeconds;
        try {
            if (!turns.tryAcquire(waitSeconds, TimeUnit.SECONDS)) {
                throw ApiException.tooManyRequests("every prediction thread is busy; waited " + waitSeconds
                        + " s", Math.max(1, waitSeconds / 2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a prediction thread", e);
        }
        try {
            return Futures.await(threads.submit(work::run), "a prediction");
        } finally {
            turns.release();
        }
    }
}
