package io.jnnunet.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.EvaluationSummary;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.LoadedModel;
import io.jnnunet.api.PredictionRequest;
import io.jnnunet.api.PredictionResult;
import io.jnnunet.api.Predictor;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SingleImageOptions;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/**
 * The warm models' policy: one load per model however many ask at once, the least recently used closed first when
 * the memory bound is passed, never the one just asked for, and every model closed with the component. The
 * predictor here hands out models of known sizes (the policy is what is tested, not PyTorch).
 */
public class WarmModelsTest {

    private static final long MIB = 1024 * 1024;

    /** Models of a given size per folder; counts loads. */
    private static final class SizedPredictor implements Predictor {
        final Map<Path, Long> sizes = new ConcurrentHashMap<>();
        final AtomicInteger loads = new AtomicInteger();
        final List<Sized> loaded = new ArrayList<>();

        @Override
        public List<String> cases(Path input, Path modelFolder) {
            throw new UnsupportedOperationException("single images only");
        }

        @Override
        public LoadedModel load(Path folder, List<String> folds, String checkpoint, String device,
                ProgressListener listener) {
            loads.incrementAndGet();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Sized model = new Sized(folder, sizes.getOrDefault(folder, MIB));
            synchronized (loaded) {
                loaded.add(model);
            }
            return model;
        }

        @Override
        public PredictionResult predict(PredictionRequest request, ProgressListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EvaluationSummary validate(Path fold, Path preprocessed, String checkpoint, String device,
                ProgressListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Sized implements LoadedModel {
        final Path folder;
        final long bytes;
        volatile boolean closed;

        Sized(Path folder, long bytes) {
            this.folder = folder;
            this.bytes = bytes;
        }

        @Override
        public Path modelFolder() {
            return folder;
        }

        @Override
        public List<String> folds() {
            return List.of("0");
        }

        @Override
        public DatasetSpec dataset() {
            return null;
        }

        @Override
        public long bytes() {
            return bytes;
        }

        @Override
        public ImageVolume predict(ImageVolume image, SingleImageOptions options, ProgressListener listener) {
            return image;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    public void aModelIsLoadedOnceHoweverManyAskAtTheSameTime() throws Exception {
        SizedPredictor predictor = new SizedPredictor();
        WarmModels warm = new WarmModels(predictor, config(10));
        Path folder = Path.of("/results/Dataset001_Cells/nnUNetTrainer__nnUNetPlans__2d");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<LoadedModel>> asked = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            asked.add(pool.submit(() -> {
                start.await();
                return warm.get(folder, List.of("0"), "checkpoint_final", ProgressListener.NONE);
            }));
        }
        start.countDown();
        LoadedModel first = asked.get(0).get();
        for (Future<LoadedModel> f : asked) {
            assertSame(first, f.get());
        }
        pool.shutdown();
        assertEquals(1, predictor.loads.get());
        assertEquals(1, warm.loaded().size());
    }

    @Test
    public void theLeastRecentlyUsedModelsAreClosedWhenTheBoundIsPassedAndAllAtTheEnd() throws Exception {
        SizedPredictor predictor = new SizedPredictor();
        Path a = Path.of("/r/Dataset001_A/t__p__2d");
        Path b = Path.of("/r/Dataset002_B/t__p__2d");
        Path c = Path.of("/r/Dataset003_C/t__p__2d");
        predictor.sizes.put(a, 4 * MIB);
        predictor.sizes.put(b, 4 * MIB);
        predictor.sizes.put(c, 4 * MIB);
        WarmModels warm = new WarmModels(predictor, config(10));
        Sized modelA = (Sized) warm.get(a, List.of(), "checkpoint_final", ProgressListener.NONE);
        Sized modelB = (Sized) warm.get(b, List.of(), "checkpoint_final", ProgressListener.NONE);
        warm.get(a, List.of(), "checkpoint_final", ProgressListener.NONE);
        Sized modelC = (Sized) warm.get(c, List.of(), "checkpoint_final", ProgressListener.NONE);

        assertTrue("b was used least recently: closed to fit 12 MiB into 10", modelB.closed);
        assertFalse(modelA.closed);
        assertFalse(modelC.closed);
        assertEquals(2, warm.loaded().size());

        Sized big = (Sized) warm.get(Path.of("/r/Dataset004_D/t__p__2d"), List.of(), "checkpoint_final",
                ProgressListener.NONE);
        assertFalse("the model asked for stays, even alone over the bound", big.closed);

        warm.deactivate();
        synchronized (predictor.loaded) {
            assertTrue(predictor.loaded.stream().allMatch(m -> m.closed));
        }
        assertEquals(4, predictor.loads.get());
    }

    private static ServerConfig config(int cacheMib) {
        return new ServerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ServerConfig.class;
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return 8181;
            }

            @Override
            public int max_upload_mb() {
                return 512;
            }

            @Override
            public long max_image_pixels() {
                return 1 << 24;
            }

            @Override
            public int model_cache_mb() {
                return cacheMib;
            }

            @Override
            public int predict_concurrency() {
                return 1;
            }

            @Override
            public int predict_wait_seconds() {
                return 60;
            }

            @Override
            public String work_folder() {
                return "";
            }

            @Override
            public int sse_heartbeat_seconds() {
                return 15;
            }

            @Override
            public String tokens_file() {
                return "";
            }

            @Override
            public int login_cache_seconds() {
                return 60;
            }
        };
    }
}
