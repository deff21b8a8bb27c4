package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/**
 * batchgeneratorsv2's {@code SpatialTransform} as nnU-Net configures it (elastic deformation off, scaling the same on
 * all axes, {@code random_crop=False}): rotation with probability {@code pRotation} (2-D one angle, 3-D one angle per
 * axis, each uniform in the range), scaling with probability {@code pScaling} (uniform factor; larger factors make
 * objects smaller), then the centre of the enlarged patch is resampled to {@code patchSize}.
 *
 * <p>As in batchgeneratorsv2 ({@code grid_sample}, {@code align_corners=False}): the image is interpolated
 * bilinearly (trilinearly) with zeros outside; the segmentation per label: each label's mask is interpolated the same
 * way, a voxel gets the label whose weight exceeds 0.7, else the label of largest weight (ties to the lower label),
 * and a voxel that no label reaches (entirely outside) gets the lowest label of that channel, the padding value
 * {@code -1} where the loader padded. When neither rotation nor scaling fires there is no resampling, only a centre
 * crop.
 *
 * <p>Two quirks of batchgeneratorsv2 are kept, so that the augmentation is nnU-Net's: the affine acts on
 * {@code grid_sample}'s normalised coordinates (a rotation of a non-square input is stretched by the ratio of its
 * axes), and the grid is shrunk to the patch with the per-axis ratios {@code input / patch} in array order while the
 * grid's components are in reversed (x, y, z) order, so a non-square patch is stretched too whenever the transform
 * fires (patch 160 x 192 from 225 x 225: the first axis covers 1.2 times, the second 1/1.2 times its length).
 */
public record SpatialTransform(int[] patchSize, double pRotation, double rotationLow, double rotationHigh,
        double pScaling, double scaleLow, double scaleHigh) implements SampleTransform {

    /** Above this interpolated weight a label wins outright (batchgeneratorsv2: {@code > 0.7 * 1000}). */
    private static final double LABEL_THRESHOLD = 0.7;

    public SpatialTransform {
        patchSize = patchSize.clone();
    }

    @Override
    public int[] patchSize() {
        return patchSize.clone();
    }

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        int dim = sample.dimensions();
        if (dim != patchSize.length || dim < 2 || dim > 3) {
            throw new IllegalArgumentException("SpatialTransform with a " + patchSize.length
                    + "-D patch got a " + dim + "-D sample");
        }
        boolean doRotation = random.nextDouble() < pRotation;
        boolean doScale = random.nextDouble() < pScaling;
        if (!doRotation && !doScale) {
            centreCrop(sample);
            return;
        }
        double[] angles = new double[dim];
        if (doRotation) {
            for (int d = 0; d < dim; d++) {
                angles[d] = SampleTransform.uniform(random, rotationLow, rotationHigh);
            }
        }
        double scale = doScale ? SampleTransform.uniform(random, scaleLow, scaleHigh) : 1;
        resample(sample, dim == 3 ? affine3d(angles, scale) : affine2d(angles[0], scale));
    }

    /** {@code create_affine_matrix_2d}: R·S in grid_sample's (x, y) order. */
    static double[][] affine2d(double angle, double scale) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return new double[][] {{c * scale, -s * scale}, {s * scale, c * scale}};
    }

    /** {@code create_affine_matrix_3d}: Rz·Ry·Rx·S in grid_sample's (x, y, z) order. */
    static double[][] affine3d(double[] angles, double scale) {
        double cx = Math.cos(angles[0]);
        double sx = Math.sin(angles[0]);
        double cy = Math.cos(angles[1]);
        double sy = Math.sin(angles[1]);
        double cz = Math.cos(angles[2]);
        double sz = Math.sin(angles[2]);
        double[][] rx = {{1, 0, 0}, {0, cx, -sx}, {0, sx, cx}};
        double[][] ry = {{cy, 0, sy}, {0, 1, 0}, {-sy, 0, cy}};
        double[][] rz = {{cz, -sz, 0}, {sz, cz, 0}, {0, 0, 1}};
        double[][] r = multiply(multiply(rz, ry), rx);
        for (double[] row : r) {
            for (int j = 0; j < 3; j++) {
                row[j] *= scale;
            }
        }
        return r;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    /** {@code crop_tensor} around {@code floor(shape / 2)}, zero padding (never needed: the input is larger). */
    private void centreCrop(Sample sample) {
        int[] in = as3d(sample.shape());
        int[] out = as3d(patchSize);
        int[] lo = new int[3];
        for (int d = 0; d < 3; d++) {
            lo[d] = in[d] / 2 - out[d] / 2;
        }
        int inN = in[0] * in[1] * in[2];
        int outN = out[0] * out[1] * out[2];
        float[] image = sample.image();
        float[] newImage = sample.spareImage(sample.imageChannels() * outN);
        short[] seg = sample.seg();
        short[] newSeg = sample.spareSeg(sample.segChannels() * outN);
        for (int z = 0; z < out[0]; z++) {
            int sz = z + lo[0];
            for (int y = 0; y < out[1]; y++) {
                int sy = y + lo[1];
                int dst = (z * out[1] + y) * out[2];
                boolean rowInside = sz >= 0 && sz < in[0] && sy >= 0 && sy < in[1];
                for (int x = 0; x < out[2]; x++) {
                    int sx = x + lo[2];
                    boolean inside = rowInside && sx >= 0 && sx < in[2];
                    int src = inside ? (sz * in[1] + sy) * in[2] + sx : -1;
                    for (int c = 0; c < sample.imageChannels(); c++) {
                        newImage[c * outN + dst + x] = inside ? image[c * inN + src] : 0f;
                    }
                    for (int c = 0; c < sample.segChannels(); c++) {
                        newSeg[c * outN + dst + x] = inside ? seg[c * inN + src] : 0;
                    }
                }
            }
        }
        sample.setImage(newImage, patchSize);
        sample.setSeg(newSeg);
    }

    /**
     * Samples every output voxel at {@code centre + M·offset}, where offset is the voxel's distance from the patch
     * centre and {@code M[d][e] = A[D-1-e][D-1-d] · S_d · s_{D-1-e} / (s_e · S_{D-1-e})}: the affine {@code A} of
     * grid_sample's reversed, normalised coordinates, after batchgeneratorsv2's grid scaling, in voxels of the input
     * (shape {@code S}; patch {@code s}).
     */
    private void resample(Sample sample, double[][] affine) {
        int dim = patchSize.length;
        int[] inShape = sample.shape();
        int[] in = as3d(inShape);
        int[] out = as3d(patchSize);
        int lead = 3 - dim;
        double[][] m = new double[3][3];
        for (int d = 0; d < dim; d++) {
            for (int e = 0; e < dim; e++) {
                m[d + lead][e + lead] = affine[dim - 1 - e][dim - 1 - d] * inShape[d] * patchSize[dim - 1 - e]
                        / ((double) patchSize[e] * inShape[dim - 1 - e]);
            }
        }
        double[] centre = new double[3];
        double[] half = new double[3];
        for (int d = 0; d < 3; d++) {
            centre[d] = (in[d] - 1) / 2.0;
            half[d] = (out[d] - 1) / 2.0;
        }
        int inN = in[0] * in[1] * in[2];
        int outN = out[0] * out[1] * out[2];
        int imageChannels = sample.imageChannels();
        int segChannels = sample.segChannels();
        float[] image = sample.image();
        short[] seg = sample.seg();
        float[] newImage = sample.spareImage(imageChannels * outN);
        short[] newSeg = sample.spareSeg(segChannels * outN);
        short[] lowestLabel = new short[segChannels];
        for (int c = 0; c < segChannels; c++) {
            lowestLabel[c] = min(seg, c * inN, inN);
        }
        int[] cornerOffset = new int[8];
        double[] cornerWeight = new double[8];
        short[] labels = new short[8];
        double[] weights = new double[8];
        for (int z = 0; z < out[0]; z++) {
            for (int y = 0; y < out[1]; y++) {
                double oz = z - half[0];
                double oy = y - half[1];
                double rowZ = centre[0] + m[0][0] * oz + m[0][1] * oy - m[0][2] * half[2];
                double rowY = centre[1] + m[1][0] * oz + m[1][1] * oy - m[1][2] * half[2];
                double rowX = centre[2] + m[2][0] * oz + m[2][1] * oy - m[2][2] * half[2];
                int rowStart = (z * out[1] + y) * out[2];
                for (int x = 0; x < out[2]; x++) {
                    int corners = corners(in, rowZ + m[0][2] * x, rowY + m[1][2] * x, rowX + m[2][2] * x,
                            cornerOffset, cornerWeight);
                    int dst = rowStart + x;
                    for (int c = 0; c < imageChannels; c++) {
                        double value = 0;
                        int base = c * inN;
                        for (int k = 0; k < corners; k++) {
                            value += cornerWeight[k] * image[base + cornerOffset[k]];
                        }
                        newImage[c * outN + dst] = (float) value;
                    }
                    for (int c = 0; c < segChannels; c++) {
                        newSeg[c * outN + dst] = label(seg, c * inN, corners, cornerOffset, cornerWeight,
                                lowestLabel[c], labels, weights);
                    }
                }
            }
        }
        sample.setImage(newImage, patchSize);
        sample.setSeg(newSeg);
    }

    /**
     * The in-bounds corners of a trilinear sample at {@code (z, y, x)} (voxel coordinates; a 2-D input is one plane,
     * {@code z = 0}); corners outside contribute zero, as grid_sample's {@code padding_mode="zeros"}.
     */
    private static int corners(int[] in, double z, double y, double x, int[] offset, double[] weight) {
        int z0 = floor(z);
        int y0 = floor(y);
        int x0 = floor(x);
        double fz = z - z0;
        double fy = y - y0;
        double fx = x - x0;
        boolean flat = in[0] == 1;
        if (y0 >= 0 && y0 < in[1] - 1 && x0 >= 0 && x0 < in[2] - 1
                && (flat ? z == 0 : z0 >= 0 && z0 < in[0] - 1)) {
            // inside: all corners, without a test per corner (zero weights are harmless)
            int o = (z0 * in[1] + y0) * in[2] + x0;
            double gy = 1 - fy;
            double gx = 1 - fx;
            offset[0] = o;
            weight[0] = gy * gx;
            offset[1] = o + 1;
            weight[1] = gy * fx;
            offset[2] = o + in[2];
            weight[2] = fy * gx;
            offset[3] = o + in[2] + 1;
            weight[3] = fy * fx;
            if (flat) {
                return 4;
            }
            int plane = in[1] * in[2];
            for (int k = 0; k < 4; k++) {
                offset[k + 4] = offset[k] + plane;
                weight[k + 4] = weight[k] * fz;
                weight[k] *= 1 - fz;
            }
            return 8;
        }
        int n = 0;
        for (int dz = 0; dz < 2; dz++) {
            int iz = z0 + dz;
            double wz = dz == 0 ? 1 - fz : fz;
            if (iz < 0 || iz >= in[0] || wz == 0) {
                continue;
            }
            for (int dy = 0; dy < 2; dy++) {
                int iy = y0 + dy;
                double wy = dy == 0 ? 1 - fy : fy;
                if (iy < 0 || iy >= in[1] || wy == 0) {
                    continue;
                }
                for (int dx = 0; dx < 2; dx++) {
                    int ix = x0 + dx;
                    double wx = dx == 0 ? 1 - fx : fx;
                    if (ix < 0 || ix >= in[2] || wx == 0) {
                        continue;
                    }
                    offset[n] = (iz * in[1] + iy) * in[2] + ix;
                    weight[n] = wz * wy * wx;
                    n++;
                }
            }
        }
        return n;
    }

    /** {@code (int) Math.floor(v)} without the call, for the coordinates' range. */
    private static int floor(double v) {
        int i = (int) v;
        return v < i ? i - 1 : i;
    }

    /** The label batchgeneratorsv2's per-label interpolation gives a voxel (see the class comment). */
    private static short label(short[] seg, int base, int corners, int[] offset, double[] weight, short lowest,
            short[] labels, double[] weights) {
        if (corners == 0) {
            return lowest;
        }
        short first = seg[base + offset[0]];
        int same = 1;
        while (same < corners && seg[base + offset[same]] == first) {
            same++;
        }
        if (same == corners) {
            // one label with a positive weight: it wins whether or not it passes the threshold
            return first;
        }
        int distinct = 0;
        for (int k = 0; k < corners; k++) {
            short l = seg[base + offset[k]];
            int i = 0;
            while (i < distinct && labels[i] != l) {
                i++;
            }
            if (i == distinct) {
                labels[i] = l;
                weights[i] = 0;
                distinct++;
            }
            weights[i] += weight[k];
        }
        short best = lowest;
        double bestWeight = 0;
        for (int i = 0; i < distinct; i++) {
            if (weights[i] > LABEL_THRESHOLD) {
                return labels[i];
            }
            if (weights[i] > bestWeight || (weights[i] == bestWeight && bestWeight > 0 && labels[i] < best)) {
                best = labels[i];
                bestWeight = weights[i];
            }
        }
        return best;
    }

    private static short min(short[] values, int from, int length) {
        short min = Short.MAX_VALUE;
        for (int i = from; i < from + length; i++) {
            min = (short) Math.min(min, values[i]);
        }
        return min;
    }

    /** A 2-D shape as 3-D with a leading axis of length 1. */
    static int[] as3d(int[] shape) {
        return shape.length == 3 ? shape.clone() : new int[] {1, shape[0], shape[1]};
    }
}
