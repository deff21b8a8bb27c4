package io.jnnunet.training.internal.data;

import java.util.Arrays;

/**
 * nnU-Net's {@code configure_rotation_dummyDA_mirroring_and_inital_patch_size} (reference section 6.5): the rotation
 * range, whether an anisotropic 3-D patch is augmented slice by slice ("dummy 2-D"), the enlarged patch the loader
 * reads so that rotation and scaling do not pull in padding, and the mirror axes.
 *
 * @param rotationLow  lower end of the rotation angle range, radians
 * @param rotationHigh upper end, radians
 */
public record AugmentationConfig(double rotationLow, double rotationHigh, boolean doDummy2dDataAug,
        int[] initialPatchSize, int[] mirrorAxes) {

    /** nnU-Net's {@code ANISO_THRESHOLD}: a 3-D patch this many times longer in-plane than along its first axis. */
    static final double ANISO_THRESHOLD = 3;
    /** The scale range nnU-Net passes to {@code get_patch_size} (kept from nnU-Net v1, not the augmentation's). */
    static final double[] PATCH_SIZE_SCALE_RANGE = {0.85, 1.25};

    public AugmentationConfig {
        initialPatchSize = initialPatchSize.clone();
        mirrorAxes = mirrorAxes.clone();
    }

    @Override
    public int[] initialPatchSize() {
        return initialPatchSize.clone();
    }

    @Override
    public int[] mirrorAxes() {
        return mirrorAxes.clone();
    }

    /** The configuration nnU-Net derives from a 2-D or 3-D patch size of the plans. */
    public static AugmentationConfig of(int[] patchSize) {
        double rotation;
        boolean dummy2d = false;
        int[] mirrorAxes;
        if (patchSize.length == 2) {
            int max = Math.max(patchSize[0], patchSize[1]);
            int min = Math.min(patchSize[0], patchSize[1]);
            rotation = (double) max / min > 1.5 ? degrees(15) : degrees(180);
            mirrorAxes = new int[] {0, 1};
        } else if (patchSize.length == 3) {
            dummy2d = (double) Arrays.stream(patchSize).max().getAsInt() / patchSize[0] > ANISO_THRESHOLD;
            rotation = dummy2d ? degrees(180) : degrees(30);
            mirrorAxes = new int[] {0, 1, 2};
        } else {
            throw new IllegalArgumentException("patch size must have 2 or 3 entries: " + Arrays.toString(patchSize));
        }
        int[] initial = getPatchSize(patchSize, rotation, rotation, rotation, PATCH_SIZE_SCALE_RANGE);
        if (dummy2d) {
            initial[0] = patchSize[0];
        }
        return new AugmentationConfig(-rotation, rotation, dummy2d, initial, mirrorAxes);
    }

    /** The same without mirror augmentation, as {@code nnUNetTrainerNoMirroring} sets {@code mirror_axes = None}. */
    public AugmentationConfig withoutMirroring() {
        return new AugmentationConfig(rotationLow, rotationHigh, doDummy2dDataAug, initialPatchSize, new int[0]);
    }

    /** nnU-Net writes angles as {@code deg / 360 * 2 * pi}; the same order of operations gives the same doubles. */
    private static double degrees(double deg) {
        return deg / 360 * 2. * Math.PI;
    }

    /**
     * nnU-Net's {@code get_patch_size}: the per-axis maximum of the patch's corner vector and its rotations by the
     * largest angle (at most 90°) about each axis (2-D: one rotation), divided by the smallest scale, truncated.
     */
    static int[] getPatchSize(int[] finalPatchSize, double rotX, double rotY, double rotZ, double[] scaleRange) {
        double quarter = 90. / 360 * 2. * Math.PI;
        double[] coords = Arrays.stream(finalPatchSize).asDoubleStream().toArray();
        double[] finalShape = coords.clone();
        if (coords.length == 3) {
            widen(finalShape, rotate(coords, rotationX(Math.min(quarter, Math.abs(rotX)))));
            widen(finalShape, rotate(coords, rotationY(Math.min(quarter, Math.abs(rotY)))));
            widen(finalShape, rotate(coords, rotationZ(Math.min(quarter, Math.abs(rotZ)))));
        } else {
            double angle = Math.min(quarter, Math.abs(rotX));
            double c = Math.cos(angle);
            double s = Math.sin(angle);
            widen(finalShape, rotate(coords, new double[][] {{c, -s}, {s, c}}));
        }
        double minScale = Math.min(scaleRange[0], scaleRange[1]);
        int[] result = new int[coords.length];
        for (int d = 0; d < coords.length; d++) {
            result[d] = (int) (finalShape[d] / minScale);
        }
        return result;
    }

    private static void widen(double[] shape, double[] rotated) {
        for (int d = 0; d < shape.length; d++) {
            shape[d] = Math.max(shape[d], Math.abs(rotated[d]));
        }
    }

    /** batchgenerators' {@code rotate_coords}: the coordinates as a row vector times the rotation matrix. */
    private static double[] rotate(double[] coords, double[][] matrix) {
        double[] out = new double[coords.length];
        for (int j = 0; j < coords.length; j++) {
            for (int k = 0; k < coords.length; k++) {
                out[j] += coords[k] * matrix[k][j];
            }
        }
        return out;
    }

    private static double[][] rotationX(double a) {
        return new double[][] {{1, 0, 0}, {0, Math.cos(a), -Math.sin(a)}, {0, Math.sin(a), Math.cos(a)}};
    }

    private static double[][] rotationY(double a) {
        return new double[][] {{Math.cos(a), 0, Math.sin(a)}, {0, 1, 0}, {-Math.sin(a), 0, Math.cos(a)}};
    }

    private static double[][] rotationZ(double a) {
        return new double[][] {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}};
    }
}
