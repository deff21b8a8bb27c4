package io.jnnunet.inference.internal;

import io.jnnunet.api.CaseProperties;
import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.InstanceRecipe;
import io.jnnunet.api.Plans;
import io.jnnunet.api.Preprocessor;
import io.jnnunet.api.SampleType;
import io.jnnunet.formats.AtomicFiles;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.formats.NpyArrays;
import io.jnnunet.formats.Transposition;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * nnU-Net's {@code export_prediction_from_logits}: logits resampled back to the cropped raw grid, argmax (softmax for
 * the probabilities), un-cropped into the original shape (background outside the crop box), transposed back, and
 * written with the reader/writer of the file ending in the original geometry.
 *
 * @param instances when set, instance ids decoded by this recipe are written instead of the labels
 */
record PredictionExport(Preprocessor preprocessor, Plans plans, String configuration, ImageIo imageIo,
        InstanceRecipe instances, Map<String, Double> instanceParameters) {

    /**
     * Writes {@code file} (and, with {@code probabilities}, {@code {case}.npz} and {@code {case}.json} beside it).
     *
     * @param zoomed the case was zoomed to the training object size ({@link io.jnnunet.api.ObjectScale}): instance
     *     ids are then decoded at the network's scale and taken back with nearest neighbours (see
     *     {@link #zoomedInstances})
     * @return the files written
     */
    List<Path> write(float[][] logits, int[] shape, CaseProperties properties, Path file, String caseId,
            boolean probabilities, boolean zoomed) throws IOException {
        float[][] resampled = preprocessor.resampleLogits(logits, shape, properties, plans, configuration);
        List<Path> written = new ArrayList<>();
        imageIo.write(result(resampled, logits, shape, properties, zoomed), file);
        written.add(file);
        if (probabilities) {
            Path npz = file.resolveSibling(caseId + ".npz");
            writeProbabilities(softmax(resampled), properties.shapeAfterCroppingAndBeforeResampling(),
                    properties.shapeBeforeCropping(), properties.bboxUsedForCropping(), plans.transposeBackward(),
                    properties, npz);
            written.add(npz);
            Path json = file.resolveSibling(caseId + ".json");
            new NnunetJson().write(json, properties);
            written.add(json);
        }
        return written;
    }

    /**
     * What {@link #write} writes to {@code file}: the label map in the case's original geometry, or the instances
     * decoded from it.
     */
    ImageVolume result(float[][] logits, int[] shape, CaseProperties properties, boolean zoomed) {
        return result(preprocessor.resampleLogits(logits, shape, properties, plans, configuration), logits, shape,
                properties, zoomed);
    }

    private ImageVolume result(float[][] resampled, float[][] logits, int[] shape, CaseProperties properties,
            boolean zoomed) {
        return instances == null ? labels(resampled, properties)
                : zoomed ? zoomedInstances(logits, shape, properties)
                : instances.instances(labels(resampled, properties), instanceParameters);
    }

    /** The label map (argmax) of a case's logits in its original geometry, as written without instances. */
    ImageVolume segmentation(float[][] logits, int[] shape, CaseProperties properties) {
        return labels(preprocessor.resampleLogits(logits, shape, properties, plans, configuration), properties);
    }

    /** Logits resampled to the cropped raw grid: argmax, un-cropped, transposed back. */
    private ImageVolume labels(float[][] resampled, CaseProperties properties) {
        return original(argmax(resampled, properties.shapeAfterCroppingAndBeforeResampling()), properties);
    }

    /**
     * Instances of a zoomed case: decoded from the argmax at the network's scale, where the recipe's parameters (a
     * minimum size, a border of a pixel or two between touching objects) mean what they meant in training, and
     * taken back to the raw grid with nearest neighbours. Interpolating the logits to a smaller grid first would
     * thin those borders below a pixel and merge touching objects; the semantic mask and the probabilities,
     * written as nnU-Net does, keep the interpolated logits.
     */
    private ImageVolume zoomedInstances(float[][] logits, int[] shape, CaseProperties properties) {
        ImageVolume ids = instances.instances(argmax(logits, shape), instanceParameters);
        int[] cropped = properties.shapeAfterCroppingAndBeforeResampling();
        return original(new ImageVolume(cropped, properties.spacing(), ids.sampleType(),
                new float[][] {nearest(ids.channel(0), shape, cropped)}), properties);
    }

    /** The label of the highest logit per voxel, a volume of the given (transposed, cropped) shape. */
    private static ImageVolume argmax(float[][] logits, int[] shape) {
        int voxels = logits[0].length;
        float[] labels = new float[voxels];
        for (int i = 0; i < voxels; i++) {
            int best = 0;
            for (int c = 1; c < logits.length; c++) {
                if (logits[c][i] > logits[best][i]) {
                    best = c;
                }
            }
            labels[i] = best;
        }
        // nnU-Net: uint8 below 255 foreground labels, else uint16
        SampleType type = logits.length - 1 < 255 ? SampleType.UINT8 : SampleType.UINT16;
        return ImageVolume.of(shape, new double[] {1, 1, 1}, type, labels);
    }

    /** A cropped, transposed label volume placed in the full grid (background outside) in the original order. */
    private ImageVolume original(ImageVolume cropped, CaseProperties properties) {
        int[] full = properties.shapeBeforeCropping();
        return original(new ImageVolume(full, properties.spacing(), cropped.sampleType(), new float[][] {
            uncrop(cropped.channel(0), cropped.shape(), full, properties.bboxUsedForCropping(), 0f)}),
                plans.transposeBackward(), properties);
    }

    /** Nearest-neighbour resize, voxel centres aligned (scipy's {@code zoom(order=0, grid_mode=True)}). */
    static float[] nearest(float[] data, int[] from, int[] to) {
        int[][] source = new int[3][];
        for (int a = 0; a < 3; a++) {
            source[a] = new int[to[a]];
            for (int o = 0; o < to[a]; o++) {
                source[a][o] = Math.min(from[a] - 1, (int) ((o + 0.5) * from[a] / to[a]));
            }
        }
        float[] out = new float[to[0] * to[1] * to[2]];
        int i = 0;
        for (int x = 0; x < to[0]; x++) {
            for (int y = 0; y < to[1]; y++) {
                int row = (source[0][x] * from[1] + source[1][y]) * from[2];
                for (int z = 0; z < to[2]; z++) {
                    out[i++] = data[row + source[2][z]];
                }
            }
        }
        return out;
    }

    /** {@code {case}.npz} with {@code probabilities} (classes, original shape); background is 1 outside the crop. */
    private static void writeProbabilities(float[][] probabilities, int[] cropped, int[] full, int[][] box,
            int[] backward, CaseProperties properties, Path npz) throws IOException {
        float[][] uncropped = new float[probabilities.length][];
        for (int c = 0; c < probabilities.length; c++) {
            uncropped[c] = uncrop(probabilities[c], cropped, full, box, c == 0 ? 1f : 0f);
        }
        ImageVolume volume = original(new ImageVolume(full, properties.spacing(), SampleType.FLOAT32, uncropped),
                backward, properties);
        int voxels = (int) volume.voxelCount();
        float[] all = new float[probabilities.length * voxels];
        for (int c = 0; c < probabilities.length; c++) {
            System.arraycopy(volume.channel(c), 0, all, c * voxels, voxels);
        }
        int[] shape = {probabilities.length, volume.shape()[0], volume.shape()[1], volume.shape()[2]};
        AtomicFiles.write(npz, out -> {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, 1 << 20));
            zip.putNextEntry(new ZipEntry("probabilities.npy"));
            NpyArrays.write(zip, shape, all);
            zip.closeEntry();
            zip.finish();
            zip.flush();
        });
    }

    /** A volume in the preprocessed axis order transposed back, with the case's original spacing. */
    private static ImageVolume original(ImageVolume transposed, int[] backward, CaseProperties properties) {
        ImageVolume volume = Transposition.transpose(transposed, backward);
        return new ImageVolume(volume.shape(), properties.spacing().clone(), volume.sampleType(), volume.channels());
    }

    private static float[][] softmax(float[][] logits) {
        int voxels = logits[0].length;
        float[][] out = new float[logits.length][voxels];
        for (int i = 0; i < voxels; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (float[] channel : logits) {
                max = Math.max(max, channel[i]);
            }
            double sum = 0;
            for (int c = 0; c < logits.length; c++) {
                double e = Math.exp(logits[c][i] - max);
                out[c][i] = (float) e;
                sum += e;
            }
            for (float[] channel : out) {
                channel[i] = (float) (channel[i] / sum);
            }
        }
        return out;
    }

    /** Places the cropped array at the crop box of a {@code full} array filled with {@code outside}. */
    static float[] uncrop(float[] cropped, int[] croppedShape, int[] full, int[][] box, float outside) {
        if (Arrays.equals(croppedShape, full)) {
            return cropped;
        }
        float[] out = new float[full[0] * full[1] * full[2]];
        if (outside != 0) {
            Arrays.fill(out, outside);
        }
        for (int x = 0; x < croppedShape[0]; x++) {
            for (int y = 0; y < croppedShape[1]; y++) {
                System.arraycopy(cropped, (x * croppedShape[1] + y) * croppedShape[2], out,
                        ((x + box[0][0]) * full[1] + y + box[1][0]) * full[2] + box[2][0], croppedShape[2]);
            }
        }
        return out;
    }
}
