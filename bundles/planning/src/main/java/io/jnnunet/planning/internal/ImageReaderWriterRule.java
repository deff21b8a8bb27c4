package io.jnnunet.planning.internal;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.Fingerprint;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plans' {@code image_reader_writer}: nnU-Net's class name for the dataset's reader, as its reader registry picks
 * it. dataset.json's {@code overwrite_image_reader_writer} wins when it names a known class; otherwise the file ending
 * decides, and for {@code .tif} whether the images are 2-D (NaturalImage2DIO) or 3-D stacks (Tiff3DIO).
 */
public final class ImageReaderWriterRule {

    public static final String NATURAL_IMAGE_2D_IO = "NaturalImage2DIO";
    public static final String SIMPLE_ITK_IO = "SimpleITKIO";
    public static final String TIFF_3D_IO = "Tiff3DIO";
    public static final String NIBABEL_IO = "NibabelIO";

    private static final List<String> KNOWN = List.of(NATURAL_IMAGE_2D_IO, SIMPLE_ITK_IO, TIFF_3D_IO, NIBABEL_IO,
            "NibabelIOWithReorient", "SimpleITKIOWithReorient");
    private static final Logger LOG = LoggerFactory.getLogger(ImageReaderWriterRule.class);

    private ImageReaderWriterRule() {
    }

    /**
     * The reader/writer class name.
     *
     * @throws IllegalArgumentException when dataset.json has no file ending, or one no nnU-Net reader handles
     */
    public static String choose(DatasetSpec dataset, Fingerprint fingerprint) {
        String overwrite = dataset.overwriteImageReaderWriter();
        if (overwrite != null && !overwrite.equals("None")) {
            if (KNOWN.contains(overwrite)) {
                return overwrite;
            }
            LOG.warn("overwrite_image_reader_writer {} is not one of nnU-Net's readers {}; choosing by file ending",
                    overwrite, KNOWN);
        }
        if (dataset.fileEnding() == null) {
            throw new IllegalArgumentException("dataset.json has no file_ending");
        }
        return switch (dataset.fileEnding().toLowerCase(Locale.ROOT)) {
            case ".png", ".bmp" -> NATURAL_IMAGE_2D_IO;
            // the first case decides, as nnU-Net tries its first training image
            case ".tif" -> fingerprint.shapesAfterCrop().get(0)[0] == 1 ? NATURAL_IMAGE_2D_IO : TIFF_3D_IO;
            case ".tiff" -> TIFF_3D_IO;
            case ".nii.gz", ".nrrd", ".mha", ".gipl" -> SIMPLE_ITK_IO;
            case ".nii" -> NIBABEL_IO;
            default -> throw new IllegalArgumentException("no nnU-Net reader/writer handles file_ending "
                    + dataset.fileEnding() + "; known endings: .png .bmp .tif .tiff .nii.gz .nii .nrrd .mha .gipl");
        };
    }
}
