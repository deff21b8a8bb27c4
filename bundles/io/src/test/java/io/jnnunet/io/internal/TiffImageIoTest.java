package io.jnnunet.io.internal;

import static io.jnnunet.io.internal.PngImageIoTest.assertInvalidNaming;
import static io.jnnunet.io.internal.PngImageIoTest.volume;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.InvalidImageException;
import io.jnnunet.api.SampleType;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class TiffImageIoTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final TiffImageIo tiff = new TiffImageIo();

    @Test
    public void roundTripsEightBitGreyBitExactWithNaturalImageSpacing() throws IOException {
        ImageVolume read = roundTrip(volume(SampleType.UINT8, 5, 7, 1, 0, 255), "grey8.tif");

        assertEquals(SampleType.UINT8, read.sampleType());
        assertArrayEquals(new double[] {999, 1, 1}, read.spacing(), 0);
    }

    @Test
    public void roundTripsSixteenBitGreyBitExact() throws IOException {
        ImageVolume image = volume(SampleType.UINT16, 6, 9, 1, 0, 65535);
        image.channel(0)[0] = 65535;
        image.channel(0)[1] = 4096;

        assertEquals(SampleType.UINT16, roundTrip(image, "grey16.tiff").sampleType());
    }

    @Test
    public void roundTripsFloatBitExactIncludingNegativeFractionalAndTinyValues() throws IOException {
        ImageVolume image = volume(SampleType.FLOAT32, 4, 6, 1, -1000, 1000);
        float[] values = image.channel(0);
        float[] special = {-1.5f, 0.1f, 1e-30f, Float.MIN_VALUE, -Float.MIN_NORMAL, 3.4e38f, -0.0f, 123456.789f,
            (float) Math.PI, -2.5e-7f};
        System.arraycopy(special, 0, values, 0, special.length);

        ImageVolume read = roundTrip(image, "float.tif");

        assertEquals(SampleType.FLOAT32, read.sampleType());
        for (int i = 0; i < values.length; i++) {
            assertEquals("voxel " + i, Float.floatToRawIntBits(values[i]),
                    Float.floatToRawIntBits(read.channel(0)[i]));
        }
    }

    @Test
    public void roundTripsRgbAsThreeChannels() throws IOException {
        assertEquals(3, roundTrip(volume(SampleType.UINT16, 3, 4, 3, 0, 65535), "rgb.tif").channelCount());
    }

    @Test
    public void roundTripsMultiPageStackWithSpacingSidecar() throws IOException {
        ImageVolume stack = stack(SampleType.UINT16, 3, 4, 5, new double[] {2.5, 0.5, 0.75});

        ImageVolume read = roundTrip(stack, "cell6.tif");

        assertTrue(Files.exists(tmp.getRoot().toPath().resolve("cell6.json")));
        assertArrayEquals(new int[] {3, 4, 5}, read.shape());
        assertArrayEquals(new double[] {2.5, 0.5, 0.75}, read.spacing(), 0);
        assertArrayEquals(stack.spacing(), tiff.readSegmentation(tmp.getRoot().toPath().resolve("cell6.tif"))
                .spacing(), 0);
    }

    @Test
    public void readsChannelFilesWithTheCaseSidecarAndConcatenatesChannels() throws IOException {
        Path dir = tmp.getRoot().toPath();
        ImageVolume first = stack(SampleType.FLOAT32, 2, 3, 4, new double[] {1, 1, 1});
        ImageVolume second = stack(SampleType.UINT8, 2, 3, 4, new double[] {1, 1, 1});
        tiff.write(first, dir.resolve("cell6_0000.tif"));
        tiff.write(second, dir.resolve("cell6_0001.tif"));
        Files.writeString(dir.resolve("cell6.json"), "{\"spacing\": [3.0, 0.25, 0.5]}");

        ImageVolume read = tiff.readImages(List.of(dir.resolve("cell6_0000.tif"), dir.resolve("cell6_0001.tif")));

        assertEquals(2, read.channelCount());
        assertEquals(SampleType.FLOAT32, read.sampleType());
        assertArrayEquals(new double[] {3, 0.25, 0.5}, read.spacing(), 0);
        assertArrayEquals(first.channel(0), read.channel(0), 0);
        assertArrayEquals(second.channel(0), read.channel(1), 0);
    }

    @Test
    public void stackWithoutSidecarHasUnitSpacing() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("bare.tif");
        tiff.write(stack(SampleType.UINT8, 2, 3, 3, new double[] {4, 4, 4}), file);
        Files.delete(tmp.getRoot().toPath().resolve("bare.json"));

        assertArrayEquals(new double[] {1, 1, 1}, tiff.readImages(List.of(file)).spacing(), 0);
    }

    @Test
    public void malformedSidecarIsInvalidNamingTheSidecar() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("odd.tif");
        tiff.write(stack(SampleType.UINT8, 2, 3, 3, new double[] {1, 1, 1}), file);
        Files.writeString(tmp.getRoot().toPath().resolve("odd.json"), "{\"spacing\": [1, 2]}");

        InvalidImageException e = assertThrows(InvalidImageException.class, () -> tiff.readImages(List.of(file)));
        assertTrue(e.getMessage(), e.getMessage().contains("odd.json"));
    }

    @Test
    public void pagesOfDifferentSizesAreInvalidNamingFileAndPage() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("ragged.tif");
        writePages(file, new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY),
                new BufferedImage(5, 3, BufferedImage.TYPE_BYTE_GRAY));

        InvalidImageException e = assertThrows(InvalidImageException.class, () -> tiff.readImages(List.of(file)));
        assertTrue(e.getMessage(), e.getMessage().contains("ragged.tif") && e.getMessage().contains("page 1"));
    }

    @Test
    public void pagesOfDifferentSampleTypesAreInvalidNamingFileAndPage() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("mixed.tif");
        writePages(file, new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY),
                new BufferedImage(4, 3, BufferedImage.TYPE_USHORT_GRAY));

        InvalidImageException e = assertThrows(InvalidImageException.class, () -> tiff.readImages(List.of(file)));
        assertTrue(e.getMessage(), e.getMessage().contains("mixed.tif") && e.getMessage().contains("page 1"));
    }

    @Test
    public void truncatedTiffIsInvalidNamingTheFile() throws IOException {
        Path whole = tmp.getRoot().toPath().resolve("whole.tif");
        tiff.write(stack(SampleType.UINT16, 3, 40, 50, new double[] {1, 1, 1}), whole);
        byte[] bytes = Files.readAllBytes(whole);
        Path file = tmp.getRoot().toPath().resolve("half.tif");
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

        assertInvalidNaming(tiff, file);
    }

    @Test
    public void emptyTiffIsInvalidNamingTheFile() throws IOException {
        assertInvalidNaming(tiff, tmp.newFile("empty.tif").toPath());
    }

    @Test
    public void segmentationMustHoldNonNegativeIntegers() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("soft.tif");
        ImageVolume soft = volume(SampleType.FLOAT32, 2, 2, 1, 0, 3);
        soft.channel(0)[2] = 0.5f;
        tiff.write(soft, file);

        InvalidImageException e = assertThrows(InvalidImageException.class, () -> tiff.readSegmentation(file));
        assertTrue(e.getMessage(), e.getMessage().contains("soft.tif") && e.getMessage().contains("0.5"));
    }

    @Test
    public void refusesFloatColourAndOutOfRangeValuesLeavingNoFile() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("bad.tif");
        ImageVolume floatRgb = volume(SampleType.FLOAT32, 2, 2, 3, 0, 3);
        ImageVolume negative = volume(SampleType.UINT16, 2, 2, 1, 0, 3);
        negative.channel(0)[0] = -1;

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiff.write(floatRgb, file));
        assertTrue(e.getMessage(), e.getMessage().contains("bad.tif") && e.getMessage().contains("3 channel"));
        e = assertThrows(IllegalArgumentException.class, () -> tiff.write(negative, file));
        assertTrue(e.getMessage(), e.getMessage().contains("bad.tif") && e.getMessage().contains("-1.0"));
        try (var files = Files.list(tmp.getRoot().toPath())) {
            assertFalse(files.findAny().isPresent());
        }
    }

    private ImageVolume roundTrip(ImageVolume image, String name) throws IOException {
        Path file = tmp.getRoot().toPath().resolve(name);
        tiff.write(image, file);
        ImageVolume read = tiff.readImages(List.of(file));
        assertArrayEquals(image.shape(), read.shape());
        assertEquals(image.channelCount(), read.channelCount());
        for (int c = 0; c < image.channelCount(); c++) {
            assertArrayEquals(image.channel(c), read.channel(c), 0);
        }
        return read;
    }

    /** A single-channel stack of random integers, up to 65535 for UINT16 and 255 otherwise. */
    private static ImageVolume stack(SampleType type, int pages, int h, int w, double[] spacing) {
        ImageVolume plane = volume(type, pages * h, w, 1, 0, type == SampleType.UINT16 ? 65535 : 255);
        return new ImageVolume(new int[] {pages, h, w}, spacing, type, plane.channels());
    }

    private static void writePages(Path file, BufferedImage... pages) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("tiff");
        ImageWriter writer = writers.next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage page : pages) {
                writer.writeToSequence(new IIOImage(page, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }
}
