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
     * @return the files written
     */
    List<Path> write(float[][] logits, int[] shape, CaseProperties properties, Path file, String caseId,
            boolean probabilities) throws IOException {
        float[][] resampled = preprocessor.resampleLogits(logits, shape, properties, plans, configuration);
        int[] cropped = properties.shapeAfterCroppingAndBeforeResampling();
        int[] full = properties.shapeBeforeCropping();
        int[][] box = properties.bboxUsedForCropping();
        int[] backward = plans.transposeBackward();
        int voxels = resampled[0].length;
        float[] labels = new float[voxels];
        for (int i = 0; i < voxels; i++) {
            int best = 0;
            for (int c = 1; c < resampled.length; c++) {
                if (resampled[c][i] > resampled[best][i]) {
                    best = c;
                }
            }
            labels[i] = best;
        }
        // nnU-Net: uint8 below 255 foreground labels, else uint16
        SampleType type = resampled.length - 1 < 255 ? SampleType.UINT8 : SampleType.UINT16;
        ImageVolume segmentation = original(new ImageVolume(full, properties.spacing(), type,
                new float[][] {uncrop(labels, cropped, full, box, 0f)}), backward, properties);
        List<Path> written = new ArrayList<>();
        imageIo.write(instances == null ? segmentation : instances.instances(segmentation, instanceParameters), file);
        written.add(file);
        if (probabilities) {
            Path npz = file.resolveSibling(caseId + ".npz");
            writeProbabilities(softmax(resampled), cropped, full, box, backward, properties, npz);
            written.add(npz);
            Path json = file.resolveSibling(caseId + ".json");
            new NnunetJson().write(json, properties);
            written.add(json);
        }
        return written;
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
