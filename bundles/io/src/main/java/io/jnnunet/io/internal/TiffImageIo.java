package io.jnnunet.io.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.formats.AtomicFiles;
import io.jnnunet.api.InvalidImageException;
import io.jnnunet.api.SampleType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import org.osgi.service.component.annotations.Component;

/**
 * TIFF through the JDK's javax.imageio TIFF plugin. A single page is a 2-D image as nnU-Net's
 * {@code NaturalImage2DIO} reads it (spacing {@code (999, 1, 1)}); several pages are a 3-D stack
 * {@code (pages, H, W)} as {@code Tiff3DIO} reads it, with the spacing from a sidecar {@code {CASE}.json} holding
 * {@code {"spacing": [a, b, c]}} in that axis order, or {@code (1, 1, 1)} without one.
 */
@Component(service = ImageIo.class, property = {ImageIo.FILE_ENDING + "=.tif", ImageIo.FILE_ENDING + "=.tiff"})
public class TiffImageIo implements ImageIo {

    private static final String FORMAT = "TIFF";
    private static final Pattern CHANNEL_SUFFIX = Pattern.compile("_\\d{4}$");

    private final ObjectMapper json = new ObjectMapper();

    public TiffImageIo() {
    }

    @Override
    public String name() {
        return "TiffImageIo";
    }

    @Override
    public List<String> fileEndings() {
        return List.of(".tif", ".tiff");
    }

    @Override
    public ImageVolume readImages(List<Path> channelFiles) throws IOException {
        Rasters.Stack stack = Rasters.decodeChannels(channelFiles, FORMAT);
        Path first = channelFiles.get(0);
        String name = stem(first);
        String caseName = CHANNEL_SUFFIX.matcher(name).replaceFirst("");
        // nnU-Net names the sidecar after the case; a stack written by write() has it under its own name.
        Path sidecar = first.resolveSibling(caseName + ".json");
        if (Files.notExists(sidecar)) {
            sidecar = first.resolveSibling(name + ".json");
        }
        return volume(stack, sidecar);
    }

    @Override
    public ImageVolume readSegmentation(Path file) throws IOException {
        Rasters.Stack stack = Rasters.decodeChannels(List.of(file), FORMAT);
        return Rasters.requireLabelMap(file, volume(stack, sidecar(file)));
    }

    /**
     * Writes one page per slice in the volume's sample type, zlib-compressed (lossless; TIFF compression 8, as
     * nnU-Net's tifffile writes). A 3-D volume also gets the sidecar {@code <name>.json} with its spacing, written
     * before the image so a stack never lacks it.
     *
     * @throws IllegalArgumentException for channel counts other than 1 (or 3 integer channels, stored as RGB) and for
     *     values the sample type cannot hold; nothing is written then
     */
    @Override
    public void write(ImageVolume volume, Path file) throws IOException {
        int channels = volume.channelCount();
        if (channels != 1 && !(channels == 3 && volume.sampleType() != SampleType.FLOAT32)) {
            throw new IllegalArgumentException(file + ": TIFF is written with 1 channel, or 3 UINT8/UINT16 channels"
                    + " as RGB; the volume has " + channels + " channel(s) of " + volume.sampleType()
                    + "; write one file per channel");
        }
        Rasters.requireStorable(volume, file);
        if (!volume.is2d()) {
            AtomicFiles.write(sidecar(file), out -> json.writeValue(out, Map.of("spacing", volume.spacing())));
        }
        AtomicFiles.write(file, out -> {
            ImageWriter writer = Rasters.writer(FORMAT);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType("ZLib");
            Rasters.encode(writer, param, volume.shape()[0], z -> Rasters.toImage(volume, z), out);
        });
    }

    private ImageVolume volume(Rasters.Stack stack, Path sidecar) throws IOException {
        double[] spacing = stack.shape()[0] == 1 ? Rasters.spacing2d() : spacing(sidecar);
        return new ImageVolume(stack.shape(), spacing, stack.sampleType(), stack.channels());
    }

    /** The spacing in a sidecar JSON, or (1, 1, 1) as nnU-Net's Tiff3DIO assumes when there is none. */
    private double[] spacing(Path sidecar) throws IOException {
        if (Files.notExists(sidecar)) {
            return new double[] {1, 1, 1};
        }
        JsonNode root;
        try {
            root = json.readTree(sidecar.toFile());
        } catch (JacksonException e) {
            throw new InvalidImageException(sidecar, "not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        JsonNode values = root == null ? null : root.get("spacing");
        if (values == null || !values.isArray() || values.size() != 3) {
            throw new InvalidImageException(sidecar, "expected {\"spacing\": [a, b, c]}, got " + root);
        }
        double[] spacing = new double[3];
        for (int i = 0; i < 3; i++) {
            spacing[i] = values.get(i).asDouble(Double.NaN);
            if (!values.get(i).isNumber() || !(spacing[i] > 0) || Double.isInfinite(spacing[i])) {
                throw new InvalidImageException(sidecar, "spacing must be 3 positive numbers, got " + values);
            }
        }
        return spacing;
    }

    /** The sidecar of a segmentation or a written file: its own name with {@code .json} (nnU-Net's write_seg). */
    private static Path sidecar(Path file) {
        return file.resolveSibling(stem(file) + ".json");
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        for (String ending : List.of(".tiff", ".tif")) {
            if (lower.endsWith(ending)) {
                return name.substring(0, name.length() - ending.length());
            }
        }
        return name;
    }
}
