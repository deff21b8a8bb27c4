package io.jnnunet.formats;

import io.jnnunet.api.ImageVolume;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * nnU-Net's {@code crop_to_nonzero}: the region where any channel is non-zero, with its holes filled
 * ({@code binary_fill_holes}, face connectivity), is bounded by a box; image and segmentation are cropped to it, and in
 * the cropped segmentation background voxels outside the filled region become {@value #OUTSIDE}.
 */
public final class NonzeroCrop {

    /** The segmentation value nnU-Net gives to voxels outside the non-zero region. */
    public static final short OUTSIDE = -1;

    /**
     * A cropped case.
     *
     * @param data the image cropped to the box
     * @param seg the cropped segmentation with {@value #OUTSIDE} outside the non-zero region; without an input
     *     segmentation, 0 inside and {@value #OUTSIDE} outside
     * @param bbox the box, {@code [start, end)} per spatial axis, in the input's axis order
     */
    public record Result(ImageVolume data, short[] seg, int[][] bbox) {
    }

    private NonzeroCrop() {
    }

    /**
     * Crops a case.
     *
     * @param seg the label map of the same shape, or {@code null}
     */
    public static Result crop(ImageVolume image, ImageVolume seg) {
        int[] shape = image.shape();
        if (seg != null && !Arrays.equals(seg.shape(), shape)) {
            throw new IllegalArgumentException("segmentation shape " + Arrays.toString(seg.shape())
                    + " differs from image shape " + Arrays.toString(shape));
        }
        boolean[] mask = nonzeroMask(image);
        fillHoles(mask, shape);
        int[][] bbox = boundingBox(mask, shape);
        int[] cropped = {bbox[0][1] - bbox[0][0], bbox[1][1] - bbox[1][0], bbox[2][1] - bbox[2][0]};
        float[][] channels = new float[image.channelCount()][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = cut(image.channel(c), shape, bbox, cropped);
        }
        boolean[] croppedMask = cut(mask, shape, bbox, cropped);
        float[] labels = seg == null ? null : cut(seg.channel(0), shape, bbox, cropped);
        short[] croppedSeg = new short[croppedMask.length];
        for (int i = 0; i < croppedSeg.length; i++) {
            short label = labels == null ? 0 : (short) labels[i];
            croppedSeg[i] = label == 0 && !croppedMask[i] ? OUTSIDE : label;
        }
        ImageVolume data = new ImageVolume(cropped, image.spacing(), image.sampleType(), channels);
        return new Result(data, croppedSeg, bbox);
    }

    private static boolean[] nonzeroMask(ImageVolume image) {
        boolean[] mask = new boolean[(int) image.voxelCount()];
        for (float[] channel : image.channels()) {
            for (int i = 0; i < mask.length; i++) {
                mask[i] |= channel[i] != 0;
            }
        }
        return mask;
    }

    /**
     * scipy's {@code binary_fill_holes}: background not connected (through faces) to the array's border becomes
     * foreground. An axis of size 1 puts every voxel on the border, so a 2-D case (1, H, W) has no holes to fill.
     */
    static void fillHoles(boolean[] mask, int[] shape) {
        int sx = shape[0];
        int sy = shape[1];
        int sz = shape[2];
        boolean[] outside = new boolean[mask.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int x = 0; x < sx; x++) {
            for (int y = 0; y < sy; y++) {
                for (int z = 0; z < sz; z++) {
                    boolean border = x == 0 || y == 0 || z == 0 || x == sx - 1 || y == sy - 1 || z == sz - 1;
                    int i = (x * sy + y) * sz + z;
                    if (border && !mask[i]) {
                        outside[i] = true;
                        queue.add(i);
                    }
                }
            }
        }
        int[] steps = {sy * sz, sz, 1};
        while (!queue.isEmpty()) {
            int i = queue.poll();
            int[] at = {i / (sy * sz), (i / sz) % sy, i % sz};
            for (int axis = 0; axis < 3; axis++) {
                for (int dir = -1; dir <= 1; dir += 2) {
                    int next = at[axis] + dir;
                    if (next < 0 || next >= shape[axis]) {
                        continue;
                    }
                    int j = i + dir * steps[axis];
                    if (!mask[j] && !outside[j]) {
                        outside[j] = true;
                        queue.add(j);
                    }
                }
            }
        }
        for (int i = 0; i < mask.length; i++) {
            mask[i] = !outside[i];
        }
    }

    /** The tightest {@code [start, end)} box around the mask; the whole array when the mask is empty. */
    static int[][] boundingBox(boolean[] mask, int[] shape) {
        int[] min = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] max = {-1, -1, -1};
        for (int x = 0; x < shape[0]; x++) {
            for (int y = 0; y < shape[1]; y++) {
                int row = (x * shape[1] + y) * shape[2];
                for (int z = 0; z < shape[2]; z++) {
                    if (mask[row + z]) {
                        min[0] = Math.min(min[0], x);
                        max[0] = Math.max(max[0], x);
                        min[1] = Math.min(min[1], y);
                        max[1] = Math.max(max[1], y);
                        min[2] = Math.min(min[2], z);
                        max[2] = Math.max(max[2], z);
                    }
                }
            }
        }
        if (max[0] < 0) {
            return new int[][] {{0, shape[0]}, {0, shape[1]}, {0, shape[2]}};
        }
        return new int[][] {{min[0], max[0] + 1}, {min[1], max[1] + 1}, {min[2], max[2] + 1}};
    }

    private static float[] cut(float[] source, int[] shape, int[][] bbox, int[] cropped) {
        float[] out = new float[cropped[0] * cropped[1] * cropped[2]];
        copyBox(source, out, shape, bbox, cropped);
        return out;
    }

    private static boolean[] cut(boolean[] source, int[] shape, int[][] bbox, int[] cropped) {
        boolean[] out = new boolean[cropped[0] * cropped[1] * cropped[2]];
        copyBox(source, out, shape, bbox, cropped);
        return out;
    }

    /** Copies the box of a row-major array (any primitive type) into {@code out}, row by row. */
    private static void copyBox(Object source, Object out, int[] shape, int[][] bbox, int[] cropped) {
        int i = 0;
        for (int x = bbox[0][0]; x < bbox[0][1]; x++) {
            for (int y = bbox[1][0]; y < bbox[1][1]; y++) {
                System.arraycopy(source, (x * shape[1] + y) * shape[2] + bbox[2][0], out, i, cropped[2]);
                i += cropped[2];
            }
        }
    }
}
