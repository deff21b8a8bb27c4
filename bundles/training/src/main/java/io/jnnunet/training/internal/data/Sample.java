package io.jnnunet.training.internal.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One training sample while it is augmented, the {@code data_dict} of batchgeneratorsv2: an image
 * {@code (imageChannels, *shape)} and a segmentation {@code (segChannels, *shape)}, row-major, 2-D or 3-D spatial
 * shape, plus the deep-supervision targets once {@link DownsampleSegForDSTransform} has made them.
 *
 * <p>A worker keeps one sample and reuses its arrays for every patch it produces, so that augmentation does not
 * allocate per patch: transforms that cannot work in place write into {@link #spareImage} / {@link #spareSeg} and
 * swap them in with {@link #setImage} / {@link #setSeg}. Arrays may be longer than the content. Not thread-safe.
 */
public final class Sample {

    private float[] image = new float[0];
    private short[] seg = new short[0];
    private float[] spareImage = new float[0];
    private short[] spareSeg = new short[0];
    private int imageChannels;
    private int segChannels;
    private int[] shape = new int[0];
    /** Length of the axis that {@link Convert3DTo2DTransform} folded into the channels, 0 when none is folded. */
    private int foldedAxisLength;
    private final List<short[]> targets = new ArrayList<>();
    private final List<int[]> targetShapes = new ArrayList<>();
    private final List<double[]> scratch = new ArrayList<>();

    public float[] image() {
        return image;
    }

    public short[] seg() {
        return seg;
    }

    public int imageChannels() {
        return imageChannels;
    }

    public int segChannels() {
        return segChannels;
    }

    /** The spatial shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    public int dimensions() {
        return shape.length;
    }

    /** Voxels per channel. */
    public int voxels() {
        return voxels(shape);
    }

    /** Sizes the sample for an image and segmentation of this shape (contents undefined: fill {@link #image()}). */
    public void reset(int imageChannels, int segChannels, int[] shape) {
        this.imageChannels = imageChannels;
        this.segChannels = segChannels;
        this.shape = shape.clone();
        this.foldedAxisLength = 0;
        int n = voxels(shape);
        image = ensure(image, imageChannels * n);
        seg = ensure(seg, segChannels * n);
        targetShapes.clear();
    }

    /** An array of at least {@code length} floats that is not the current image, to write a transformed image into. */
    public float[] spareImage(int length) {
        spareImage = ensure(spareImage, length);
        return spareImage;
    }

    public short[] spareSeg(int length) {
        spareSeg = ensure(spareSeg, length);
        return spareSeg;
    }

    /** Makes {@code newImage} (usually the spare) the image of this shape; the old image becomes the spare. */
    public void setImage(float[] newImage, int[] newShape) {
        if (newImage != image) {
            spareImage = image;
            image = newImage;
        }
        shape = newShape.clone();
    }

    public void setSeg(short[] newSeg) {
        if (newSeg != seg) {
            spareSeg = seg;
            seg = newSeg;
        }
    }

    /** Reinterprets the sample's arrays with other channel counts and spatial shape (no data moves). */
    void reshape(int imageChannels, int segChannels, int[] shape, int foldedAxisLength) {
        if (imageChannels * voxels(shape) != this.imageChannels * voxels()
                || segChannels * voxels(shape) != this.segChannels * voxels()) {
            throw new IllegalArgumentException("reshape changes the number of elements: " + Arrays.toString(shape));
        }
        this.imageChannels = imageChannels;
        this.segChannels = segChannels;
        this.shape = shape.clone();
        this.foldedAxisLength = foldedAxisLength;
    }

    int foldedAxisLength() {
        return foldedAxisLength;
    }

    /** The deep-supervision targets, highest resolution first; empty until a transform makes them. */
    public List<short[]> targets() {
        return targets.subList(0, targetShapes.size());
    }

    public List<int[]> targetShapes() {
        return targetShapes;
    }

    /**
     * The reusable target buffer number {@code index}, at least {@code length} long, registered with its shape.
     * Call with index 0, 1, ... in order after {@link #clearTargets()}.
     */
    short[] target(int index, int length, int[] targetShape) {
        if (index != targetShapes.size()) {
            throw new IllegalStateException("targets must be added in order");
        }
        short[] buffer = index < targets.size() ? ensure(targets.get(index), length) : new short[length];
        if (index < targets.size()) {
            targets.set(index, buffer);
        } else {
            targets.add(buffer);
        }
        targetShapes.add(targetShape.clone());
        return buffer;
    }

    /** Forgets the target shapes (keeps the buffers for reuse). */
    void clearTargets() {
        targetShapes.clear();
    }

    /** A scratch array of at least {@code length} doubles for transforms; slot numbers separate concurrent uses. */
    public double[] scratch(int slot, int length) {
        while (scratch.size() <= slot) {
            scratch.add(new double[0]);
        }
        double[] array = scratch.get(slot);
        if (array.length < length) {
            array = new double[length];
            scratch.set(slot, array);
        }
        return array;
    }

    static int voxels(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    private static float[] ensure(float[] array, int length) {
        return array.length >= length ? array : new float[length];
    }

    private static short[] ensure(short[] array, int length) {
        return array.length >= length ? array : new short[length];
    }
}
