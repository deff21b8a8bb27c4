package io.jnnunet.preprocessing.internal;

import java.util.Arrays;
import java.util.Map;

/**
 * nnU-Net's {@code default_resampling.py} ({@code resample_data_or_seg_to_shape}, reference section 4.4) on one channel
 * of a {@code (x, y, z)} volume, in float64 as nnU-Net does: images with skimage's {@code resize(order, mode='edge',
 * anti_aliasing=False)} (= {@code scipy.ndimage.zoom(grid_mode=True, mode='nearest')}, clipped to the input's range),
 * segmentations with batchgenerators' {@code resize_segmentation} (each label's mask resized, {@code >= 0.5} wins,
 * higher labels last), and anisotropic data slice by slice in-plane, then with {@code order_z} along the low-resolution
 * axis.
 */
final class DefaultResampling {

    static final double ANISO_THRESHOLD = 3;
    /** The function the plans must name; the only resampling nnU-Net's default planner uses. */
    static final String RESAMPLE_TO_SHAPE = "resample_data_or_seg_to_shape";

    /** The function's keyword arguments ({@code resampling_fn_*_kwargs}), with the function's own defaults. */
    record Settings(boolean isSeg, int order, int orderZ, Boolean forceSeparateZ) {

        static Settings of(Map<String, Object> kwargs) {
            Map<String, Object> k = kwargs == null ? Map.of() : kwargs;
            return new Settings(
                    Boolean.TRUE.equals(k.getOrDefault("is_seg", false)),
                    ((Number) k.getOrDefault("order", 3)).intValue(),
                    ((Number) k.getOrDefault("order_z", 0)).intValue(),
                    // absent: the signature's default False; JSON null: decide from the spacings
                    k.containsKey("force_separate_z") ? (Boolean) k.get("force_separate_z") : Boolean.FALSE);
        }
    }

    private DefaultResampling() {
    }

    /** {@code compute_new_shape}: {@code int(round(old_spacing / new_spacing * shape))}, round half to even. */
    static int[] computeNewShape(int[] shape, double[] oldSpacing, double[] newSpacing) {
        int[] out = new int[shape.length];
        for (int a = 0; a < shape.length; a++) {
            out[a] = (int) Math.rint(oldSpacing[a] / newSpacing[a] * shape[a]);
        }
        return out;
    }

    /**
     * {@code determine_do_sep_z_and_axis}: the axis to treat separately, or -1 for none. Without {@code force}, the
     * current spacing decides when it is anisotropic (max/min > 3), else the target spacing; the axis is the one with
     * the largest spacing, and none when two or three axes share it.
     */
    static int separateZAxis(Boolean force, double[] currentSpacing, double[] newSpacing) {
        int[] axes;
        if (force != null) {
            if (!force) {
                return -1;
            }
            axes = lowresAxes(currentSpacing);
        } else if (anisotropic(currentSpacing)) {
            axes = lowresAxes(currentSpacing);
        } else if (anisotropic(newSpacing)) {
            axes = lowresAxes(newSpacing);
        } else {
            return -1;
        }
        return axes.length == 1 ? axes[0] : -1;
    }

    private static boolean anisotropic(double[] spacing) {
        return Arrays.stream(spacing).max().orElseThrow() / Arrays.stream(spacing).min().orElseThrow()
                > ANISO_THRESHOLD;
    }

    private static int[] lowresAxes(double[] spacing) {
        double max = Arrays.stream(spacing).max().orElseThrow();
        return java.util.stream.IntStream.range(0, spacing.length).filter(a -> max / spacing[a] == 1).toArray();
    }

    /** An image channel resampled in float64 and stored as float32; the input itself when the shape is unchanged. */
    static float[] resample(float[] channel, int[] shape, int[] newShape, double[] currentSpacing,
            double[] newSpacing, Settings settings) {
        if (Arrays.equals(shape, newShape)) {
            return channel;
        }
        double[] in = new double[channel.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = channel[i];
        }
        double[] out = resample(in, shape, newShape, currentSpacing, newSpacing, settings);
        float[] result = new float[out.length];
        for (int i = 0; i < out.length; i++) {
            result[i] = (float) out[i];
        }
        return result;
    }

    /** A segmentation resampled in float64 and stored as int16; the input itself when the shape is unchanged. */
    static short[] resample(short[] seg, int[] shape, int[] newShape, double[] currentSpacing, double[] newSpacing,
            Settings settings) {
        if (Arrays.equals(shape, newShape)) {
            return seg;
        }
        double[] in = new double[seg.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = seg[i];
        }
        double[] out = resample(in, shape, newShape, currentSpacing, newSpacing, settings);
        short[] result = new short[out.length];
        for (int i = 0; i < out.length; i++) {
            // numpy's astype: truncation toward zero (exact for label values)
            result[i] = (short) out[i];
        }
        return result;
    }

    /** {@code resample_data_or_seg} for one channel; returns the input itself when the shape does not change. */
    static double[] resample(double[] channel, int[] shape, int[] newShape, double[] currentSpacing,
            double[] newSpacing, Settings settings) {
        if (Arrays.equals(shape, newShape)) {
            return channel;
        }
        int axis = separateZAxis(settings.forceSeparateZ(), currentSpacing, newSpacing);
        if (axis < 0) {
            return resizeFn(channel, shape, newShape, settings, -1);
        }
        int[] planeShape = newShape.clone();
        planeShape[axis] = shape[axis];
        double[] inPlane = resizeFn(channel, shape, planeShape, settings, axis);
        if (shape[axis] == newShape[axis]) {
            return inPlane;
        }
        if (!settings.isSeg() || settings.orderZ() == 0) {
            return SplineZoom.zoomAxis(inPlane, planeShape, axis, newShape[axis], settings.orderZ());
        }
        // a segmentation with order_z > 0: one label at a time, rounded interpolant > 0.5 wins, higher labels last
        double[] out = new double[inPlane.length / shape[axis] * newShape[axis]];
        for (short label : uniqueLabels(inPlane)) {
            double[] along = SplineZoom.zoomAxis(mask(inPlane, label), planeShape, axis, newShape[axis],
                    settings.orderZ());
            for (int i = 0; i < out.length; i++) {
                if (Math.rint(along[i]) > 0.5) {
                    out[i] = label;
                }
            }
        }
        return out;
    }

    /** The in-plane (or whole-volume) resize: skimage's {@code resize} or {@code resize_segmentation}. */
    private static double[] resizeFn(double[] channel, int[] shape, int[] newShape, Settings settings,
            int sliceAxis) {
        if (!settings.isSeg() || settings.order() == 0) {
            return resize(channel, shape, newShape, settings.order(), sliceAxis);
        }
        double[] out = new double[size(newShape)];
        for (short label : uniqueLabels(channel)) {
            double[] resized = resize(mask(channel, label), shape, newShape, settings.order(), sliceAxis);
            for (int i = 0; i < out.length; i++) {
                if (resized[i] >= 0.5) {
                    out[i] = label;
                }
            }
        }
        return out;
    }

    /**
     * skimage's {@code resize(order, mode='edge', clip=True, anti_aliasing=False)}. With {@code sliceAxis >= 0} it
     * stands for one call per slice along that axis (which keeps its size), so each slice is clipped to its own range.
     */
    static double[] resize(double[] channel, int[] shape, int[] newShape, int order, int sliceAxis) {
        double[] out = channel;
        int[] current = shape.clone();
        for (int a = 0; a < shape.length; a++) {
            if (current[a] != newShape[a]) {
                out = SplineZoom.zoomAxis(out, current, a, newShape[a], order);
                current[a] = newShape[a];
            }
        }
        if (out != channel) {
            clipToInputRange(channel, shape, out, newShape, sliceAxis);
        }
        return out;
    }

    private static void clipToInputRange(double[] in, int[] shape, double[] out, int[] newShape, int sliceAxis) {
        int slices = sliceAxis < 0 ? 1 : shape[sliceAxis];
        double[] min = new double[slices];
        double[] max = new double[slices];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        int inStride = stride(shape, sliceAxis);
        for (int i = 0; i < in.length; i++) {
            int s = sliceAxis < 0 ? 0 : i / inStride % slices;
            min[s] = Math.min(min[s], in[i]);
            max[s] = Math.max(max[s], in[i]);
        }
        int outStride = stride(newShape, sliceAxis);
        for (int i = 0; i < out.length; i++) {
            int s = sliceAxis < 0 ? 0 : i / outStride % slices;
            out[i] = Math.min(Math.max(out[i], min[s]), max[s]);
        }
    }

    private static int stride(int[] shape, int axis) {
        int stride = 1;
        for (int a = axis + 1; a < shape.length; a++) {
            stride *= shape[a];
        }
        return stride;
    }

    /** The distinct label values in ascending order (labels are int16, as nnU-Net stores them). */
    static short[] uniqueLabels(double[] seg) {
        boolean[] present = new boolean[1 << 16];
        for (double v : seg) {
            present[(short) v - Short.MIN_VALUE] = true;
        }
        short[] labels = new short[1 << 16];
        int n = 0;
        for (int i = 0; i < present.length; i++) {
            if (present[i]) {
                labels[n++] = (short) (i + Short.MIN_VALUE);
            }
        }
        return Arrays.copyOf(labels, n);
    }

    private static double[] mask(double[] seg, short label) {
        double[] mask = new double[seg.length];
        for (int i = 0; i < seg.length; i++) {
            mask[i] = seg[i] == label ? 1 : 0;
        }
        return mask;
    }

    static int size(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }
}
