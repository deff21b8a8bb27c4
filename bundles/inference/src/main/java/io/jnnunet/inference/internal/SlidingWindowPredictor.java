package io.jnnunet.inference.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.jnnunet.network.TrainedNetwork;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.NoGrad;
import io.jnnunet.djl.Precision;
import io.jnnunet.formats.Float16;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * nnU-Net's {@code predict_sliding_window_return_logits} over every fold: Gaussian-weighted tiles, mirroring
 * test-time augmentation (the average of the tile and each non-empty combination of flipped axes, flipped back) and
 * the logits averaged over the folds. A 2-D configuration predicts every slice of the first axis on its own.
 *
 * <p>The arithmetic is nnU-Net's, float16 included, so that the probabilities are nnU-Net's to about 1e-4 and not
 * 2e-3: a tile's mirrored passes are summed in float32 and divided by their number; the tile, times the Gaussian
 * (itself float16), is added into a float16 sum of the fold, and the Gaussian into a float16 sum of weights; the
 * fold's logits are their float16 quotient; the folds' logits are summed and divided in float16. Values are kept in
 * float arrays, rounded to float16 ({@link Float16#round}) where nnU-Net stores into a float16 tensor.
 *
 * <p>Every pass runs in an {@link NDScope}: the architectures' blocks make intermediate arrays on the parameters'
 * manager, which lives as long as the networks, so without the scope each pass would keep its activations.
 *
 * <p>The mirrored copies of a tile (or, without mirroring, several tiles) go through the network together, up to
 * {@value #BATCH} arrays and {@value #VOXELS_PER_PASS} voxels per pass, which keeps a CPU's cores busier than
 * nnU-Net's one array at a time and bounds the memory a pass holds; the result is the same.
 */
final class SlidingWindowPredictor {

    /** Arrays per forward pass at most: enough to keep a CPU's cores busy. */
    static final int BATCH = 4;
    /**
     * Voxels per forward pass at most. A pass keeps all its intermediate arrays until it ends (DJL frees an array only
     * when it is closed), so this bounds the peak memory: 4 tiles of 320 x 384, 1 of nnU-Net's 640 x 768.
     */
    static final int VOXELS_PER_PASS = 1 << 19;

    private final List<TrainedNetwork> folds;
    private final List<ParameterStore> stores = new ArrayList<>();
    private final NDManager manager;
    private final int[] tile;
    private final int inputChannels;
    private final int numOutputs;
    private final float[] gaussian;
    private final boolean[][] mirrors;
    private final double stepSize;
    private final ComputeEngine engine;
    private final Precision precision;

    /**
     * @param folds the networks, all of one configuration
     * @param manager where the input batches are made (the folds' device)
     * @param mirroring test-time augmentation with the first fold's allowed mirroring axes
     * @param precision the arithmetic of the network passes (one the engine chose for the device); logits are float32
     */
    SlidingWindowPredictor(List<TrainedNetwork> folds, NDManager manager, boolean mirroring, double stepSize,
            ComputeEngine engine, Precision precision) {
        this.folds = List.copyOf(folds);
        this.manager = manager;
        TrainedNetwork first = folds.get(0);
        int[] patch = first.plans().configuration(first.configuration()).patchSize();
        this.tile = patch.length == 3 ? patch.clone() : new int[] {1, patch[0], patch[1]};
        this.inputChannels = first.inputChannels();
        this.numOutputs = first.numOutputs();
        this.gaussian = GaussianImportanceMap.of(patch);
        this.mirrors = mirrors(mirroring ? first.mirroringAxes() : new int[0], patch.length);
        this.stepSize = stepSize;
        this.engine = engine;
        this.precision = precision;
        for (TrainedNetwork fold : folds) {
            stores.add(new ParameterStore(manager, false));
        }
    }

    /** One fold's network on a batch of tiles, in the prediction's precision. */
    private NDList forward(int fold, NDArray input) {
        return engine.forward(folds.get(fold).network(), stores.get(fold), new NDList(input), false, precision);
    }

    /**
     * Every combination of the allowed axes as flags over the three axes: the unflipped one first, then in the order
     * of nnU-Net's {@code itertools.combinations} (by size, then in the axes' order), which is the order of its sum.
     */
    private static boolean[][] mirrors(int[] axes, int dimensions) {
        int offset = 3 - dimensions;
        List<boolean[]> combinations = new ArrayList<>();
        combinations.add(new boolean[3]);
        for (int size = 1; size <= axes.length; size++) {
            combine(axes, offset, size, 0, new boolean[3], combinations);
        }
        return combinations.toArray(boolean[][]::new);
    }

    private static void combine(int[] axes, int offset, int size, int from, boolean[] chosen,
            List<boolean[]> combinations) {
        if (size == 0) {
            combinations.add(chosen.clone());
            return;
        }
        for (int a = from; a <= axes.length - size; a++) {
            chosen[axes[a] + offset] = true;
            combine(axes, offset, size - 1, a + 1, chosen, combinations);
            chosen[axes[a] + offset] = false;
        }
    }

    /** Network passes per tile: the mirrored copies. */
    int mirrorCount() {
        return mirrors.length;
    }

    /** Tiles times folds: the steps {@link #predict}'s progress counts for a case of this shape. */
    long tilePasses(int[] shape) {
        return tileCount(shape) * folds.size();
    }

    /** Tiles the sliding window puts on a case of this (preprocessed) shape. */
    long tileCount(int[] shape) {
        int[] size = sliceSize(shape);
        int[][] steps = SlidingWindow.steps(SlidingWindow.paddedSize(size, tile), tile, stepSize);
        return (long) slices(shape) * steps[0].length * steps[1].length * steps[2].length;
    }

    /** What one pass of the window covers: a slice of a 2-D configuration, else the whole volume. */
    private int[] sliceSize(int[] shape) {
        return tile[0] == 1 ? new int[] {1, shape[1], shape[2]} : shape.clone();
    }

    private int slices(int[] shape) {
        return tile[0] == 1 ? shape[0] : 1;
    }

    /** Forward passes a case of this shape takes, per fold: tiles are grouped slice by slice, as predicted. */
    long batchCount(int[] shape) {
        long tilesPerSlice = tileCount(shape) / slices(shape);
        long groups = (tilesPerSlice + tilesPerGroup() - 1) / tilesPerGroup();
        return slices(shape) * groups * passesPerGroup();
    }

    /** Arrays (tiles or their mirrored copies) in one forward pass. */
    int arraysPerPass() {
        return Math.max(1, Math.min(BATCH, VOXELS_PER_PASS / (tile[0] * tile[1] * tile[2])));
    }

    /** Tiles predicted together: their mirrored copies fill whole passes. */
    private int tilesPerGroup() {
        return Math.max(1, arraysPerPass() / mirrors.length);
    }

    private int passesPerGroup() {
        return (tilesPerGroup() * mirrors.length + arraysPerPass() - 1) / arraysPerPass();
    }

    /** Seconds of one network pass of one fold (the mean over the folds), timed after a warm-up pass on zeros. */
    double secondsPerPass() {
        double seconds = 0;
        for (int run = 0; run < 2; run++) {
            long start = System.nanoTime();
            try (NoGrad noGrad = NoGrad.enter(); NDScope scope = new NDScope();
                    NDManager batch = manager.newSubManager()) {
                NDArray zeros = batch.zeros(new Shape(dims(arraysPerPass())));
                for (int f = 0; f < folds.size(); f++) {
                    forward(f, zeros).get(0).toFloatArray();
                }
            }
            seconds = (System.nanoTime() - start) / 1e9;
        }
        return seconds / folds.size();
    }

    /**
     * The logits {@code (numOutputs, x, y, z)} of a preprocessed case {@code (channels, x, y, z)}: float16 values, as
     * nnU-Net hands them to the export.
     *
     * @param tilesDone told the number of tiles finished so far, of {@link #tilePasses} (each fold's tiles in turn)
     * @return {@code null} when cancelled
     */
    float[][] predict(float[][] data, int[] shape, LongConsumer tilesDone,
            BooleanSupplier cancelled) {
        if (data.length != inputChannels) {
            throw new IllegalArgumentException("the case has " + data.length + " channels; the network was trained"
                    + " on " + inputChannels);
        }
        int[] size = sliceSize(shape);
        int[] padded = SlidingWindow.paddedSize(size, tile);
        int[] before = SlidingWindow.padBefore(size, tile);
        int[][] steps = SlidingWindow.steps(padded, tile, stepSize);
        int slices = slices(shape);
        int sliceVoxels = size[0] * size[1] * size[2];
        int paddedVoxels = padded[0] * padded[1] * padded[2];
        List<int[]> positions = new ArrayList<>();
        for (int x : steps[0]) {
            for (int y : steps[1]) {
                for (int z : steps[2]) {
                    positions.add(new int[] {x, y, z});
                }
            }
        }
        float[] weights = new float[paddedVoxels];
        for (int[] position : positions) {
            addWeights(weights, padded, position);
        }
        float[][] logits = new float[numOutputs][shape[0] * shape[1] * shape[2]];
        long done = 0;
        for (int s = 0; s < slices; s++) {
            float[][] image = pad(data, s * sliceVoxels, size, padded, before);
            float[][] total = null;
            for (int f = 0; f < folds.size(); f++) {
                float[][] sum = new float[numOutputs][paddedVoxels];
                for (int from = 0; from < positions.size(); from += tilesPerGroup()) {
                    if (cancelled.getAsBoolean()) {
                        return null;
                    }
                    List<int[]> group = positions.subList(from, Math.min(positions.size(), from + tilesPerGroup()));
                    predictGroup(f, image, padded, group, sum);
                    done += group.size();
                    tilesDone.accept(done);
                }
                for (int c = 0; c < numOutputs; c++) {
                    for (int v = 0; v < paddedVoxels; v++) {
                        sum[c][v] = Float16.round(sum[c][v] / weights[v]);
                        if (total != null) {
                            total[c][v] = Float16.round(total[c][v] + sum[c][v]);
                        }
                    }
                }
                total = total == null ? sum : total;
            }
            for (int c = 0; c < numOutputs; c++) {
                unpad(total[c], folds.size(), padded, before, size, logits[c], s * sliceVoxels);
            }
        }
        return logits;
    }

    /** The slice (or volume) at {@code offset} of every channel, zero-padded to {@code padded}. */
    private static float[][] pad(float[][] data, int offset, int[] size, int[] padded, int[] before) {
        float[][] out = new float[data.length][padded[0] * padded[1] * padded[2]];
        for (int c = 0; c < data.length; c++) {
            for (int x = 0; x < size[0]; x++) {
                for (int y = 0; y < size[1]; y++) {
                    System.arraycopy(data[c], offset + (x * size[1] + y) * size[2], out[c],
                            ((x + before[0]) * padded[1] + y + before[1]) * padded[2] + before[2], size[2]);
                }
            }
        }
        return out;
    }

    /** Divides the folds' sum by their number (in float16, as nnU-Net) and removes the padding. */
    private static void unpad(float[] sum, int folds, int[] padded, int[] before, int[] size, float[] out,
            int offset) {
        for (int x = 0; x < size[0]; x++) {
            for (int y = 0; y < size[1]; y++) {
                int source = ((x + before[0]) * padded[1] + y + before[1]) * padded[2] + before[2];
                int target = offset + (x * size[1] + y) * size[2];
                for (int z = 0; z < size[2]; z++) {
                    float value = folds == 1 ? sum[source + z] : Float16.round(sum[source + z] / folds);
                    if (!Float.isFinite(value)) {
                        throw new ArithmeticException("the prediction is not finite (inf or NaN logits, or logits"
                                + " beyond float16's range of 65504 once weighted by the Gaussian)");
                    }
                    out[target + z] = value;
                }
            }
        }
    }

    /**
     * One fold's prediction of a group of tiles, their mirrored copies in passes of {@link #arraysPerPass()} arrays:
     * each tile's copies summed (flipped back) and averaged, then weighted and added into the fold's sum.
     */
    private void predictGroup(int fold, float[][] image, int[] padded, List<int[]> positions, float[][] sum) {
        List<int[]> items = new ArrayList<>();
        for (int t = 0; t < positions.size(); t++) {
            for (int m = 0; m < mirrors.length; m++) {
                items.add(new int[] {t, m});
            }
        }
        int tileVoxels = tile[0] * tile[1] * tile[2];
        float[][][] tileSums = new float[positions.size()][numOutputs][tileVoxels];
        for (int from = 0; from < items.size(); from += arraysPerPass()) {
            List<int[]> pass = items.subList(from, Math.min(items.size(), from + arraysPerPass()));
            float[] input = new float[pass.size() * inputChannels * tileVoxels];
            for (int i = 0; i < pass.size(); i++) {
                for (int c = 0; c < inputChannels; c++) {
                    copyTile(image[c], padded, positions.get(pass.get(i)[0]), mirrors[pass.get(i)[1]], input,
                            (i * inputChannels + c) * tileVoxels);
                }
            }
            try (NoGrad noGrad = NoGrad.enter(); NDScope scope = new NDScope();
                    NDManager batch = manager.newSubManager()) {
                NDArray array = batch.create(FloatBuffer.wrap(input), new Shape(dims(pass.size())));
                // read in place: a copy on the Java heap per pass (24 MB for nnU-Net's 2d patch) grew the heap
                FloatBuffer logits = forward(fold, array).get(0).toByteBuffer(true).order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
                for (int i = 0; i < pass.size(); i++) {
                    for (int c = 0; c < numOutputs; c++) {
                        addFlippedBack(logits, (i * numOutputs + c) * tileVoxels, mirrors[pass.get(i)[1]],
                                tileSums[pass.get(i)[0]][c]);
                    }
                }
            }
        }
        for (int t = 0; t < positions.size(); t++) {
            for (int c = 0; c < numOutputs; c++) {
                addTile(tileSums[t][c], sum[c], padded, positions.get(t));
            }
        }
    }

    /** The network's input shape for a pass of {@code count} arrays. */
    private long[] dims(int count) {
        return tile[0] == 1 ? new long[] {count, inputChannels, tile[1], tile[2]}
                : new long[] {count, inputChannels, tile[0], tile[1], tile[2]};
    }

    /** Copies a tile of the image into {@code out}, flipped along the flagged axes. */
    private void copyTile(float[] image, int[] padded, int[] position, boolean[] flip, float[] out, int offset) {
        int i = offset;
        for (int x = 0; x < tile[0]; x++) {
            int sx = position[0] + (flip[0] ? tile[0] - 1 - x : x);
            for (int y = 0; y < tile[1]; y++) {
                int sy = position[1] + (flip[1] ? tile[1] - 1 - y : y);
                int row = (sx * padded[1] + sy) * padded[2] + position[2];
                if (flip[2]) {
                    for (int z = tile[2] - 1; z >= 0; z--) {
                        out[i++] = image[row + z];
                    }
                } else {
                    System.arraycopy(image, row, out, i, tile[2]);
                    i += tile[2];
                }
            }
        }
    }

    /** Adds a (flipped) tile's logits, flipped back, into the tile's sum of its mirrored copies. */
    private void addFlippedBack(FloatBuffer logits, int offset, boolean[] flip, float[] tileSum) {
        int i = 0;
        for (int x = 0; x < tile[0]; x++) {
            int fx = flip[0] ? tile[0] - 1 - x : x;
            for (int y = 0; y < tile[1]; y++) {
                int fy = flip[1] ? tile[1] - 1 - y : y;
                int source = offset + (fx * tile[1] + fy) * tile[2];
                for (int z = 0; z < tile[2]; z++) {
                    tileSum[i++] += logits.get(source + (flip[2] ? tile[2] - 1 - z : z));
                }
            }
        }
    }

    /** Adds a tile (its mirrored copies' mean) weighted by the Gaussian into the fold's float16 sum. */
    private void addTile(float[] tileSum, float[] sum, int[] padded, int[] position) {
        for (int x = 0; x < tile[0]; x++) {
            for (int y = 0; y < tile[1]; y++) {
                int target = ((position[0] + x) * padded[1] + position[1] + y) * padded[2] + position[2];
                int g = (x * tile[1] + y) * tile[2];
                for (int z = 0; z < tile[2]; z++) {
                    float mean = tileSum[g + z] / mirrors.length;
                    sum[target + z] = Float16.round(sum[target + z] + mean * gaussian[g + z]);
                }
            }
        }
    }

    private void addWeights(float[] weights, int[] padded, int[] position) {
        for (int x = 0; x < tile[0]; x++) {
            for (int y = 0; y < tile[1]; y++) {
                int target = ((position[0] + x) * padded[1] + position[1] + y) * padded[2] + position[2];
                int g = (x * tile[1] + y) * tile[2];
                for (int z = 0; z < tile[2]; z++) {
                    weights[target + z] = Float16.round(weights[target + z] + gaussian[g + z]);
                }
            }
        }
    }
}
