package io.jnnunet.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws reference and predicted contours over images, like the figures of a segmentation paper: one PNG per case and
 * a montage of several cases.
 */
public interface OverlayRenderer {

    /**
     * Draws one case: the image (first channel, contrast stretched to its 0.5 and 99.5 percentiles), the reference
     * contours and the predicted contours (each object of an instance label image outlined on its own), written
     * atomically as PNG.
     *
     * @param reference reference labels or instances, or {@code null}
     * @param prediction predicted labels or instances, or {@code null}
     */
    void render(ImageVolume image, ImageVolume reference, ImageVolume prediction, String title, Path pngFile)
            throws IOException;

    /** Tiles already rendered overlay PNGs into one montage PNG, {@code columns} wide. */
    void montage(List<Path> overlays, int columns, Path pngFile) throws IOException;

    /**
     * Draws the cases of an image folder ({@code {case}_0000{ending}}, the ending of an installed reader) with their
     * labels from the reference and prediction folders (same case names; a missing file is drawn without), into
     * {@code output/{case}.png}.
     *
     * @param cases the case ids to draw; empty: those with a prediction when a prediction folder is given, else all
     * @return the overlays written, in case order
     * @throws IllegalArgumentException naming the folder or case when one is missing
     */
    List<Path> renderFolder(Path images, Path reference, Path prediction, List<String> cases, Path output,
            ProgressListener progress) throws IOException;
}
