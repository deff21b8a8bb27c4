package io.jnnunet.training.internal.data;

import io.jnnunet.training.internal.data.PreprocessedDataset.CaseData;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * nnU-Net's {@code nnUNetDataLoader} (reference section 6.4) with its transforms: a batch of {@code batchSize} cases
 * drawn uniformly with replacement; sample j is forced to contain foreground iff
 * {@code j >= round(batchSize · (1 - oversampleForegroundPercent))}; a forced sample's patch starts at
 * {@code max(lb, voxel - patch // 2)} around a random stored voxel of a random present foreground class, any other at a
 * uniform position in {@code [lb, ub]}; the patch ({@code patchSize}, enlarged for training) is cut with padding
 * (image 0, segmentation -1) and handed to the transforms, which must bring it to {@code finalPatchSize}. A 2-D
 * configuration takes patch {@code (1, h, w)} of the 3-D volume, i.e. one slice, and drops the slice axis.
 *
 * <p>Stateless apart from its settings: each worker brings its own {@link Sample} and random generator.
 */
final class DataLoader {

    private final PreprocessedDataset dataset;
    private final List<String> cases;
    private final int batchSize;
    private final boolean patchSizeWas2d;
    /** The patch read from the volume, 3-D ({@code (1, h, w)} for 2-D). */
    private final int[] patchSize;
    private final int[] needToPad;
    private final int[] finalPatchSize;
    private final double oversampleForegroundPercent;
    private final SampleTransform transforms;

    DataLoader(PreprocessedDataset dataset, List<String> cases, int batchSize, int[] patchSize, int[] finalPatchSize,
            double oversampleForegroundPercent, SampleTransform transforms) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("no cases to load batches from");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (patchSize.length != finalPatchSize.length || patchSize.length < 2 || patchSize.length > 3) {
            throw new IllegalArgumentException("patch sizes must both be 2-D or 3-D: " + Arrays.toString(patchSize)
                    + ", " + Arrays.toString(finalPatchSize));
        }
        this.dataset = dataset;
        this.cases = List.copyOf(cases);
        this.batchSize = batchSize;
        this.patchSizeWas2d = patchSize.length == 2;
        this.patchSize = SpatialTransform.as3d(patchSize);
        this.finalPatchSize = finalPatchSize.clone();
        int[] final3d = SpatialTransform.as3d(finalPatchSize);
        this.needToPad = new int[3];
        for (int d = 0; d < 3; d++) {
            needToPad[d] = this.patchSize[d] - final3d[d];
            if (needToPad[d] < 0) {
                throw new IllegalArgumentException("the patch read " + Arrays.toString(patchSize)
                        + " is smaller than the final patch " + Arrays.toString(finalPatchSize));
            }
        }
        this.oversampleForegroundPercent = oversampleForegroundPercent;
        this.transforms = transforms;
    }

    /** {@code _oversample_last_XX_percent}: Python's round, half to even. */
    boolean forceForeground(int sampleIndex) {
        return sampleIndex >= Math.rint(batchSize * (1 - oversampleForegroundPercent));
    }

    /**
     * Makes one batch, into the arrays of {@code reuse} when their sizes fit.
     *
     * @param reuse a batch whose arrays may be overwritten, or {@code null}
     */
    Batch generateTrainBatch(Sample sample, SplittableRandom random, Batch reuse) {
        List<String> keys = new ArrayList<>(batchSize);
        Batch batch = null;
        for (int j = 0; j < batchSize; j++) {
            String key = cases.get(random.nextInt(cases.size()));
            keys.add(key);
            CaseData c = dataset.load(key);
            int[] lbs = getBbox(c, forceForeground(j), random);
            cropAndPad(c, lbs, sample);
            transforms.apply(sample, random);
            if (!Arrays.equals(sample.shape(), finalPatchSize)) {
                throw new IllegalStateException("the transforms left a patch of " + Arrays.toString(sample.shape())
                        + ", expected " + Arrays.toString(finalPatchSize));
            }
            List<short[]> targets = sample.targets().isEmpty() ? List.of(sample.seg()) : sample.targets();
            List<int[]> targetShapes = sample.targets().isEmpty() ? List.of(sample.shape()) : sample.targetShapes();
            if (batch == null) {
                batch = allocate(sample, targetShapes, reuse);
            } else if (sample.imageChannels() != batch.dataShape()[1]) {
                throw new IllegalStateException("case " + key + " has " + sample.imageChannels()
                        + " image channels, case " + keys.get(0) + " has " + batch.dataShape()[1]);
            }
            int imageLength = batch.data().length / batchSize;
            System.arraycopy(sample.image(), 0, batch.data(), j * imageLength, imageLength);
            for (int t = 0; t < targets.size(); t++) {
                float[] target = batch.targets().get(t);
                short[] source = targets.get(t);
                int length = target.length / batchSize;
                for (int i = 0; i < length; i++) {
                    target[j * length + i] = source[i];
                }
            }
        }
        return new Batch(batch.data(), batch.dataShape(), batch.targets(), batch.targetShapes(), List.copyOf(keys));
    }

    /** The arrays of a batch shaped like the first transformed sample, those of {@code reuse} when they fit. */
    private Batch allocate(Sample sample, List<int[]> sampleTargetShapes, Batch reuse) {
        long[] dataShape = shape(sample.imageChannels(), sample.shape());
        List<long[]> targetShapes = sampleTargetShapes.stream().map(s -> shape(sample.segChannels(), s)).toList();
        if (reusable(reuse, dataShape, targetShapes)) {
            return reuse;
        }
        List<float[]> targets = targetShapes.stream().map(s -> new float[size(s)]).toList();
        return new Batch(new float[size(dataShape)], dataShape, targets, targetShapes, List.of());
    }

    /**
     * {@code get_bbox}: the lower corner of the patch to read (3-D; the patch may reach outside the volume, where it
     * is padded).
     */
    int[] getBbox(CaseData c, boolean forceFg, SplittableRandom random) {
        int[] shape = c.spatialShape();
        int[] lbs = new int[3];
        int[] ubs = new int[3];
        for (int d = 0; d < 3; d++) {
            int pad = needToPad[d] + shape[d] < patchSize[d] ? patchSize[d] - shape[d] : needToPad[d];
            lbs[d] = Math.floorDiv(-pad, 2);
            ubs[d] = shape[d] + pad / 2 + pad % 2 - patchSize[d];
        }
        String annotatedKey = annotatedClassesKey(c);
        String selectedClass = null;
        if (forceFg) {
            List<String> eligible = new ArrayList<>();
            c.classLocations().forEach((key, voxels) -> {
                if (voxels.length > 0) {
                    eligible.add(key);
                }
            });
            if (annotatedKey != null && eligible.size() > 1) {
                eligible.remove(annotatedKey);
            }
            if (!eligible.isEmpty()) {
                selectedClass = eligible.get(random.nextInt(eligible.size()));
            }
        } else if (annotatedKey != null && c.classLocations().get(annotatedKey).length > 0) {
            // with an ignore label even unforced patches centre on annotated voxels
            selectedClass = annotatedKey;
        }
        int[] bboxLbs = new int[3];
        if (selectedClass != null) {
            int[] voxels = c.classLocations().get(selectedClass);
            int v = random.nextInt(voxels.length / 3) * 3;
            for (int d = 0; d < 3; d++) {
                bboxLbs[d] = Math.max(lbs[d], voxels[v + d] - patchSize[d] / 2);
            }
        } else {
            for (int d = 0; d < 3; d++) {
                bboxLbs[d] = lbs[d] + random.nextInt(ubs[d] - lbs[d] + 1);
            }
        }
        return bboxLbs;
    }

    /** The key nnU-Net adds with an ignore label, {@code (-1, 0, 1, ..., N)}: all annotated voxels. */
    private static String annotatedClassesKey(CaseData c) {
        for (String key : c.classLocations().keySet()) {
            if (key.startsWith("(-1,")) {
                return key;
            }
        }
        return null;
    }

    /** {@code crop_and_pad_nd}: the patch at {@code lbs} into the sample, image padded with 0, seg with -1. */
    private void cropAndPad(CaseData c, int[] lbs, Sample sample) {
        int[] shape = c.spatialShape();
        int channels = c.channels();
        int[] sampleShape = patchSizeWas2d ? new int[] {patchSize[1], patchSize[2]} : patchSize.clone();
        sample.reset(channels, 1, sampleShape);
        float[] image = sample.image();
        short[] seg = sample.seg();
        int n = patchSize[0] * patchSize[1] * patchSize[2];
        int volume = shape[0] * shape[1] * shape[2];
        int x0 = Math.max(0, -lbs[2]);
        int x1 = Math.min(patchSize[2], shape[2] - lbs[2]);
        FloatBuffer data = c.data();
        ShortBuffer segData = c.seg();
        for (int z = 0; z < patchSize[0]; z++) {
            int sz = lbs[0] + z;
            for (int y = 0; y < patchSize[1]; y++) {
                int sy = lbs[1] + y;
                int row = (z * patchSize[1] + y) * patchSize[2];
                boolean inside = sz >= 0 && sz < shape[0] && sy >= 0 && sy < shape[1] && x1 > x0;
                int source = inside ? (sz * shape[1] + sy) * shape[2] + lbs[2] + x0 : 0;
                for (int ch = 0; ch < channels; ch++) {
                    int dst = ch * n + row;
                    if (inside) {
                        Arrays.fill(image, dst, dst + x0, 0f);
                        data.get(ch * volume + source, image, dst + x0, x1 - x0);
                        Arrays.fill(image, dst + x1, dst + patchSize[2], 0f);
                    } else {
                        Arrays.fill(image, dst, dst + patchSize[2], 0f);
                    }
                }
                if (inside) {
                    Arrays.fill(seg, row, row + x0, (short) -1);
                    segData.get(source, seg, row + x0, x1 - x0);
                    Arrays.fill(seg, row + x1, row + patchSize[2], (short) -1);
                } else {
                    Arrays.fill(seg, row, row + patchSize[2], (short) -1);
                }
            }
        }
    }

    private static boolean reusable(Batch reuse, long[] dataShape, List<long[]> targetShapes) {
        if (reuse == null || !Arrays.equals(reuse.dataShape(), dataShape)
                || reuse.targetShapes().size() != targetShapes.size()) {
            return false;
        }
        for (int t = 0; t < targetShapes.size(); t++) {
            if (!Arrays.equals(reuse.targetShapes().get(t), targetShapes.get(t))) {
                return false;
            }
        }
        return true;
    }

    private long[] shape(int channels, int[] spatial) {
        long[] shape = new long[spatial.length + 2];
        shape[0] = batchSize;
        shape[1] = channels;
        for (int d = 0; d < spatial.length; d++) {
            shape[d + 2] = spatial[d];
        }
        return shape;
    }

    private static int size(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return Math.toIntExact(n);
    }
}
