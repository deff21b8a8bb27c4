package io.jnnunet.training.internal;

import io.jnnunet.training.internal.data.Batch;
import io.jnnunet.training.internal.data.BatchSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * A fold of synthetic 2-D cases: noise with one bright rectangle, labelled 1. Training batches repeat with the period
 * of an epoch (batch i of every epoch is the same), so a run resumed at an epoch boundary sees exactly the batches an
 * uninterrupted run sees. Records the seeds and the mirroring it was asked for. A {@link Pace} tells each batch as
 * it is handed out, so that a test can make time pass on a simulated clock: a machine that gets slower or faster.
 */
final class SyntheticFold implements FoldData {

    private final int trainingPeriod;
    private final int validationPeriod;
    final List<Long> seeds = new ArrayList<>();
    final List<Boolean> mirroring = new ArrayList<>();
    private final Pace pace;

    /** Told of every batch handed out. */
    @FunctionalInterface
    interface Pace {
        /** @param n the batch's number in its source, from 0 */
        void batch(boolean training, int n);
    }

    SyntheticFold(int trainingPeriod, int validationPeriod) {
        this(trainingPeriod, validationPeriod, (training, n) -> { });
    }

    SyntheticFold(int trainingPeriod, int validationPeriod, Pace pace) {
        this.trainingPeriod = trainingPeriod;
        this.validationPeriod = validationPeriod;
        this.pace = pace;
    }

    @Override
    public List<String> trainCases() {
        return List.of("cell_000", "cell_001", "cell_002", "cell_003");
    }

    @Override
    public List<String> validationCases() {
        return List.of("cell_004");
    }

    @Override
    public BatchSource trainingBatches(int batchSize, int[] patchSize, double[][] scales, double oversample,
            boolean mirror, int workers, long seed) {
        seeds.add(seed);
        mirroring.add(mirror);
        return new Cycle(batches(1, trainingPeriod, batchSize, patchSize, scales), n -> pace.batch(true, n));
    }

    @Override
    public BatchSource validationBatches(int batchSize, int[] patchSize, double[][] scales, double oversample,
            int workers, long seed) {
        seeds.add(seed);
        return new Cycle(batches(2, validationPeriod, batchSize, patchSize, scales), n -> pace.batch(false, n));
    }

    private static List<Batch> batches(long seed, int count, int batchSize, int[] patch, double[][] scales) {
        Random random = new Random(seed);
        List<Batch> batches = new ArrayList<>();
        int h = patch[0];
        int w = patch[1];
        for (int n = 0; n < count; n++) {
            float[] data = new float[batchSize * h * w];
            float[] label = new float[batchSize * h * w];
            for (int b = 0; b < batchSize; b++) {
                int y0 = random.nextInt(h / 2);
                int x0 = random.nextInt(w / 2);
                int y1 = y0 + 4 + random.nextInt(h / 2 - 4);
                int x1 = x0 + 4 + random.nextInt(w / 2 - 4);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int i = (b * h + y) * w + x;
                        boolean inside = y >= y0 && y < y1 && x >= x0 && x < x1;
                        label[i] = inside ? 1 : 0;
                        data[i] = (float) (0.5 * random.nextGaussian() + (inside ? 1.5 : -0.5));
                    }
                }
            }
            List<float[]> targets = new ArrayList<>();
            List<long[]> shapes = new ArrayList<>();
            for (double[] scale : scales) {
                int step = (int) Math.round(1 / scale[0]);
                int sh = h / step;
                int sw = w / step;
                float[] target = new float[batchSize * sh * sw];
                for (int b = 0; b < batchSize; b++) {
                    for (int y = 0; y < sh; y++) {
                        for (int x = 0; x < sw; x++) {
                            target[(b * sh + y) * sw + x] = label[(b * h + y * step) * w + x * step];
                        }
                    }
                }
                targets.add(target);
                shapes.add(new long[] {batchSize, 1, sh, sw});
            }
            batches.add(new Batch(data, new long[] {batchSize, 1, h, w}, targets, shapes,
                    java.util.Collections.nCopies(batchSize, "cell_00" + n % 4)));
        }
        return batches;
    }

    private static final class Cycle implements BatchSource {
        private final List<Batch> batches;
        private final IntConsumer pace;
        private int next;

        Cycle(List<Batch> batches, IntConsumer pace) {
            this.batches = batches;
            this.pace = pace;
        }

        @Override
        public Batch next() {
            pace.accept(next);
            return batches.get(next++ % batches.size());
        }

        @Override
        public void close() {
        }
    }
}
