package io.jnnunet.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model held in memory for many single images ({@link Predictor#load}): the chosen folds' networks on their
 * device, the model folder's plans and dataset.json, loaded once. Each {@link #predict} runs the same per-case path
 * as {@link Predictor#predict} (preprocessing, sliding window over every fold, export), so the volume it returns is
 * the one the folder prediction writes for the same image, options and folds.
 *
 * <p>Thread-safe: {@link #predict} and {@link #close} are serialised on this instance (the networks run one image at
 * a time), so one instance may be shared by many threads, e.g. a server's request threads; a call waits while another
 * predicts.
 */
public interface LoadedModel extends AutoCloseable {

    /** {@code nnUNet_results/DatasetXXX/<trainer>__<plans>__<configuration>}. */
    Path modelFolder();

    /** The folds whose checkpoints were loaded, {@code 0}..{@code 4} or {@code all}, in the order their logits sum. */
    List<String> folds();

    /** The model folder's dataset.json: the file ending, channels and labels of the images it predicts. */
    DatasetSpec dataset();

    /** The bytes the networks' parameters hold on their device: what a cache of loaded models bounds. */
    long bytes();

    /**
     * Predicts one image.
     *
     * @param image the raw image as {@link ImageIo#readImages} gives it, one channel per dataset.json channel
     * @return in the image's geometry (shape and spacing), the semantic segmentation, or the instance label image when
     *     {@code options} name an {@link InstanceRecipe} (decoded with the parameters tuned for this model folder
     *     where {@code instances.json} holds them for that recipe, else the recipe's defaults)
     * @throws IllegalArgumentException when the image has another number of channels than the model was trained on,
     *     or the recipe is not installed
     * @throws IllegalStateException after {@link #close}
     * @throws java.util.concurrent.CancellationException when the listener cancelled the prediction
     * @throws IOException when the model folder's {@code instances.json} cannot be read
     */
    ImageVolume predict(ImageVolume image, SingleImageOptions options, ProgressListener listener) throws IOException;

    /** Frees the networks; later predictions throw {@link IllegalStateException}. Closing twice does nothing. */
    @Override
    void close();
}
