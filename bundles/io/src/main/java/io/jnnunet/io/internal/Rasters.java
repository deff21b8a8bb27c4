package io.jnnunet.io.internal;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.InvalidImageException;
import io.jnnunet.api.SampleType;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferFloat;
import java.awt.image.DataBufferUShort;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The javax.imageio plumbing that {@link PngImageIo} and {@link TiffImageIo} share: decoding the images of a file into
 * float channels, checking a case's channel files agree, and building images from a volume for writing.
 */
final class Rasters {

    /** The decoded images of one file: {@code shape = (pages, H, W)}, one array per band, pages one after another. */
    record Stack(int[] shape, SampleType sampleType, float[][] channels) {
    }

    private Rasters() {
    }

    /** nnU-Net's spacing for 2-D images: a huge first spacing keeps the slice axis out of every 3-D computation. */
    static double[] spacing2d() {
        return new double[] {999, 1, 1};
    }

    /**
     * Decodes every image in a file (a TIFF's pages, a PNG's single image) into a stack. All images must agree in
     * size, band count and sample type.
     *
     * @param formatName the javax.imageio format name, also used in messages ({@code PNG}, {@code TIFF})
     */
    static Stack decode(Path file, String formatName) throws IOException {
        if (Files.notExists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        ImageReader reader = reader(formatName);
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            // Metadata (text chunks, unknown TIFF tags) is not needed and skipping it is faster.
            reader.setInput(in, false, true);
            int pages = unreadableIfFails(file, formatName, () -> reader.getNumImages(true));
            Stack stack = null;
            for (int page = 0; page < pages; page++) {
                int p = page;
                Raster raster = unreadableIfFails(file, formatName, () -> readStored(reader, p));
                stack = stack == null ? newStack(file, raster, pages) : stack;
                requireLike(file, stack, raster, page);
                int voxels = raster.getWidth() * raster.getHeight();
                for (int b = 0; b < stack.channels().length; b++) {
                    copyBand(raster, b, stack.channels()[b], page * voxels);
                }
            }
            if (stack == null) {
                throw new InvalidImageException(file, "not a readable " + formatName + ": it holds no image");
            }
            return stack;
        } finally {
            reader.dispose();
        }
    }

    /**
     * Decodes a case's channel files and concatenates their channels in order; every file must have the shape of the
     * first. The sample type is the widest of the files', so writing the volume back loses nothing.
     */
    static Stack decodeChannels(List<Path> files, String formatName) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no channel files given");
        }
        Stack first = decode(files.get(0), formatName);
        SampleType type = first.sampleType();
        float[][] channels = first.channels();
        for (Path file : files.subList(1, files.size())) {
            Stack next = decode(file, formatName);
            if (!Arrays.equals(next.shape(), first.shape())) {
                throw new InvalidImageException(file, "shape " + Arrays.toString(next.shape()) + " differs from "
                        + Arrays.toString(first.shape()) + " of " + files.get(0).getFileName()
                        + ", the case's first channel file; all channel files of a case must have the same shape");
            }
            type = type.compareTo(next.sampleType()) >= 0 ? type : next.sampleType();
            float[][] joined = Arrays.copyOf(channels, channels.length + next.channels().length);
            System.arraycopy(next.channels(), 0, joined, channels.length, next.channels().length);
            channels = joined;
        }
        return new Stack(first.shape(), type, channels);
    }

    /** Checks that a volume read from {@code file} is a label map: one channel of non-negative integers. */
    static ImageVolume requireLabelMap(Path file, ImageVolume volume) throws InvalidImageException {
        if (volume.channelCount() != 1) {
            throw new InvalidImageException(file, "a segmentation must have exactly one channel, this file has "
                    + volume.channelCount());
        }
        float[] labels = volume.channel(0);
        for (int i = 0; i < labels.length; i++) {
            if (!(labels[i] >= 0) || labels[i] != Math.rint(labels[i])) {
                throw new InvalidImageException(file, "a segmentation must hold non-negative integer labels, found "
                        + labels[i] + " at voxel " + i);
            }
        }
        return volume;
    }

    /** Refuses, before anything is written, a volume holding a value its sample type cannot store. */
    static void requireStorable(ImageVolume volume, Path file) {
        SampleType type = volume.sampleType();
        for (int c = 0; c < volume.channelCount(); c++) {
            float[] values = volume.channel(c);
            for (int i = 0; i < values.length; i++) {
                if (!type.holds(values[i])) {
                    throw new IllegalArgumentException(file + ": cannot write value " + values[i] + " (channel " + c
                            + ", voxel " + i + ") as " + type + "; round or clip the data, or use a wider sample type");
                }
            }
        }
    }

    /**
     * Builds slice {@code z} of a volume as an image with one band per channel, in the volume's sample type: grey for
     * 1 band, grey + alpha for 2, RGB for 3, RGBA for 4. Values must have passed {@link #requireStorable}.
     */
    static BufferedImage toImage(ImageVolume volume, int z) {
        int h = volume.shape()[1];
        int w = volume.shape()[2];
        int bands = volume.channelCount();
        int voxels = w * h;
        int dataType = switch (volume.sampleType()) {
            case UINT8 -> DataBuffer.TYPE_BYTE;
            case UINT16 -> DataBuffer.TYPE_USHORT;
            case FLOAT32 -> DataBuffer.TYPE_FLOAT;
        };
        DataBuffer data = switch (dataType) {
            case DataBuffer.TYPE_BYTE -> new DataBufferByte(voxels * bands);
            case DataBuffer.TYPE_USHORT -> new DataBufferUShort(voxels * bands);
            default -> new DataBufferFloat(voxels * bands);
        };
        for (int b = 0; b < bands; b++) {
            float[] src = volume.channel(b);
            int from = z * voxels;
            for (int i = 0; i < voxels; i++) {
                // Integer buffers store (int) value, exact for values requireStorable accepted.
                data.setElemFloat(i * bands + b, src[from + i]);
            }
        }
        int[] bandOffsets = new int[bands];
        Arrays.setAll(bandOffsets, b -> b);
        WritableRaster raster = Raster.createWritableRaster(
                new PixelInterleavedSampleModel(dataType, w, h, bands, w * bands, bandOffsets), data, null);
        boolean alpha = bands == 2 || bands == 4;
        ColorSpace space = ColorSpace.getInstance(bands <= 2 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel colours = new ComponentColorModel(space, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        return new BufferedImage(colours, raster, false, null);
    }

    /**
     * Encodes {@code count} images (pages) into {@code out}. {@code param} may be null for the writer's defaults.
     * Images are cached in memory rather than in a temporary file, so nothing is left behind on failure.
     */
    static void encode(ImageWriter writer, ImageWriteParam param, int count, IntFunction<BufferedImage> images,
            OutputStream out) throws IOException {
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            if (count == 1) {
                writer.write(null, new IIOImage(images.apply(0), null, null), param);
            } else {
                writer.prepareWriteSequence(null);
                for (int i = 0; i < count; i++) {
                    writer.writeToSequence(new IIOImage(images.apply(i), null, null), param);
                }
                writer.endWriteSequence();
            }
        } finally {
            writer.dispose();
        }
    }

    /** A fresh writer of the JDK for a format; writers are not thread-safe, so each call gets its own. */
    static ImageWriter writer(String formatName) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(formatName.toLowerCase(Locale.ROOT));
        if (!writers.hasNext()) {
            throw new IOException("this Java runtime has no " + formatName + " writer (javax.imageio)");
        }
        return writers.next();
    }

    private static ImageReader reader(String formatName) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(formatName.toLowerCase(Locale.ROOT));
        if (!readers.hasNext()) {
            throw new IOException("this Java runtime has no " + formatName + " reader (javax.imageio)");
        }
        return readers.next();
    }

    /**
     * Reads a page in the layout stored in the file. The JDK's PNG reader would otherwise turn a grey or RGB PNG with
     * a tRNS chunk into grey + alpha or RGBA, an extra channel that nnU-Net's readers do not return.
     */
    private static Raster readStored(ImageReader reader, int page) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        param.setDestinationType(reader.getRawImageType(page));
        return reader.read(page, param).getRaster();
    }

    @FunctionalInterface
    private interface ReaderCall<T> {
        T call() throws IOException;
    }

    /**
     * Runs a decoder call, turning its failures into an {@link InvalidImageException} naming the file. Decoders fail
     * on corrupt input with IIOException, EOFException and, for some damage, runtime exceptions.
     */
    private static <T> T unreadableIfFails(Path file, String formatName, ReaderCall<T> call)
            throws InvalidImageException {
        try {
            return call.call();
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException(file, "not a readable " + formatName + ": truncated or corrupt ("
                    + causes(e) + ")", e);
        }
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(text.length() == 0 ? "" : ": ").append(t.getMessage() != null ? t.getMessage()
                    : t.getClass().getSimpleName());
        }
        return text.toString();
    }

    private static Stack newStack(Path file, Raster raster, int pages) throws InvalidImageException {
        long voxels = (long) pages * raster.getWidth() * raster.getHeight();
        if (voxels > Integer.MAX_VALUE) {
            throw new InvalidImageException(file, pages + " page(s) of " + raster.getHeight() + " x "
                    + raster.getWidth() + " pixels are more voxels than one Java array holds");
        }
        float[][] channels = new float[raster.getNumBands()][(int) voxels];
        return new Stack(new int[] {pages, raster.getHeight(), raster.getWidth()}, sampleType(file, raster),
                channels);
    }

    private static void requireLike(Path file, Stack stack, Raster raster, int page) throws InvalidImageException {
        int[] shape = stack.shape();
        if (raster.getHeight() != shape[1] || raster.getWidth() != shape[2]
                || raster.getNumBands() != stack.channels().length || sampleType(file, raster) != stack.sampleType()) {
            throw new InvalidImageException(file, "page " + page + " is " + describe(file, raster) + " but page 0 is "
                    + shape[1] + " x " + shape[2] + " pixels, " + stack.channels().length + " sample(s) per pixel, "
                    + stack.sampleType() + "; all pages of a stack must agree");
        }
    }

    private static String describe(Path file, Raster raster) throws InvalidImageException {
        return raster.getHeight() + " x " + raster.getWidth() + " pixels, " + raster.getNumBands()
                + " sample(s) per pixel, " + sampleType(file, raster);
    }

    /** Integer samples of up to 16 bits map to UINT8/UINT16; float and signed 16-bit samples travel as FLOAT32. */
    private static SampleType sampleType(Path file, Raster raster) throws InvalidImageException {
        int dataType = raster.getDataBuffer().getDataType();
        if (dataType == DataBuffer.TYPE_FLOAT || dataType == DataBuffer.TYPE_DOUBLE
                || dataType == DataBuffer.TYPE_SHORT) {
            return SampleType.FLOAT32;
        }
        int bits = Arrays.stream(raster.getSampleModel().getSampleSize()).max().orElse(0);
        if (bits <= 8) {
            return SampleType.UINT8;
        }
        if (bits <= 16) {
            return SampleType.UINT16;
        }
        throw new InvalidImageException(file, bits + "-bit integer samples are not supported: a float holds"
                + " them inexactly; convert the image to 16-bit integers or 32-bit float");
    }

    /** Copies one band of a raster, row-major, into {@code dst} from {@code offset} on. */
    private static void copyBand(Raster raster, int band, float[] dst, int offset) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        DataBuffer data = raster.getDataBuffer();
        int type = data.getDataType();
        if (!(raster.getSampleModel() instanceof ComponentSampleModel layout)
                || (type != DataBuffer.TYPE_BYTE && type != DataBuffer.TYPE_USHORT && type != DataBuffer.TYPE_FLOAT)) {
            // Packed layouts (1/2/4-bit grey, palettes) and rare types: the generic, slower path.
            float[] samples = raster.getSamples(raster.getMinX(), raster.getMinY(), w, h, band, (float[]) null);
            System.arraycopy(samples, 0, dst, offset, samples.length);
            return;
        }
        // Read the backing array directly: per-sample Raster calls would dominate the decoding time.
        int bank = layout.getBankIndices()[band];
        int pixelStride = layout.getPixelStride();
        int scanline = layout.getScanlineStride();
        int start = data.getOffsets()[bank] + layout.getBandOffsets()[band]
                + (raster.getMinY() - raster.getSampleModelTranslateY()) * scanline
                + (raster.getMinX() - raster.getSampleModelTranslateX()) * pixelStride;
        for (int y = 0; y < h; y++) {
            int src = start + y * scanline;
            int to = offset + y * w;
            switch (type) {
                case DataBuffer.TYPE_BYTE -> {
                    byte[] a = ((DataBufferByte) data).getData(bank);
                    for (int x = 0; x < w; x++) {
                        dst[to + x] = a[src + x * pixelStride] & 0xFF;
                    }
                }
                case DataBuffer.TYPE_USHORT -> {
                    short[] a = ((DataBufferUShort) data).getData(bank);
                    for (int x = 0; x < w; x++) {
                        dst[to + x] = a[src + x * pixelStride] & 0xFFFF;
                    }
                }
                default -> {
                    float[] a = ((DataBufferFloat) data).getData(bank);
                    for (int x = 0; x < w; x++) {
                        dst[to + x] = a[src + x * pixelStride];
                    }
                }
            }
        }
    }
}
