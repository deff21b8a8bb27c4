package io.jnnunet.io.internal;

import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.SampleType;
import io.jnnunet.formats.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * PNG through the JDK's javax.imageio, nnU-Net's {@code NaturalImage2DIO}: a 2-D image has shape {@code (1, H, W)} and
 * the fixed spacing {@code (999, 1, 1)}; RGB(A) and grey + alpha files give one channel per band. Palette PNGs give
 * their palette indices, which is what label maps saved as palette PNGs mean.
 */
@Component(service = ImageIo.class, property = ImageIo.FILE_ENDING + "=.png")
public class PngImageIo implements ImageIo {

    private static final String FORMAT = "PNG";

    public PngImageIo() {
    }

    @Override
    public String name() {
        return "PngImageIo";
    }

    @Override
    public List<String> fileEndings() {
        return List.of(".png");
    }

    @Override
    public ImageVolume readImages(List<Path> channelFiles) throws IOException {
        Rasters.Stack stack = Rasters.decodeChannels(channelFiles, FORMAT);
        return new ImageVolume(stack.shape(), Rasters.spacing2d(), stack.sampleType(), stack.channels());
    }

    @Override
    public ImageVolume readSegmentation(Path file) throws IOException {
        return Rasters.requireLabelMap(file, readImages(List.of(file)));
    }

    /**
     * Writes 1 to 4 channels of UINT8 or UINT16 as grey, grey + alpha, RGB or RGBA.
     *
     * @throws IllegalArgumentException for 3-D or float volumes, more than 4 channels, or values the sample type
     *     cannot hold; nothing is written then
     */
    @Override
    public void write(ImageVolume volume, Path file) throws IOException {
        if (!volume.is2d()) {
            throw new IllegalArgumentException(file + ": PNG holds 2-D images only, the volume has shape "
                    + Arrays.toString(volume.shape()) + "; write a 3-D volume as .tif");
        }
        if (volume.sampleType() == SampleType.FLOAT32) {
            throw new IllegalArgumentException(file + ": PNG cannot hold float data (sample type FLOAT32); write it"
                    + " as .tif, or convert it to UINT8/UINT16 first");
        }
        if (volume.channelCount() > 4) {
            throw new IllegalArgumentException(file + ": PNG holds at most 4 channels (RGBA), the volume has "
                    + volume.channelCount() + "; write one file per channel");
        }
        Rasters.requireStorable(volume, file);
        AtomicFiles.write(file,
                out -> Rasters.encode(Rasters.writer(FORMAT), null, 1, z -> Rasters.toImage(volume, z), out));
    }
}
