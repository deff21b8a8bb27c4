package io.jnnunet.io.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.InvalidImageException;
import io.jnnunet.api.SampleType;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PngImageIoTest {

    private static final Path CELLS = Path.of("../../sample-data/Dataset001_Cells");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final PngImageIo png = new PngImageIo();

    @Test
    public void roundTripsEightBitGreyBitExact() throws IOException {
        ImageVolume image = volume(SampleType.UINT8, 5, 7, 1, 0, 255);
        ImageVolume read = roundTrip(image, "grey8.png");
        assertEquals(SampleType.UINT8, read.sampleType());
        assertArrayEquals(new double[] {999, 1, 1}, read.spacing(), 0);
    }

    @Test
    public void roundTripsSixteenBitGreyBitExact() throws IOException {
        ImageVolume image = volume(SampleType.UINT16, 6, 9, 1, 0, 65535);
        // Values that an 8-bit or 12-bit path would lose.
        image.channel(0)[0] = 65535;
        image.channel(0)[1] = 4096;
        image.channel(0)[2] = 40000;
        image.channel(0)[3] = 257;
        ImageVolume read = roundTrip(image, "grey16.png");
        assertEquals(SampleType.UINT16, read.sampleType());
    }

    @Test
    public void roundTripsRgbAsThreeChannels() throws IOException {
        ImageVolume read = roundTrip(volume(SampleType.UINT8, 4, 5, 3, 0, 255), "rgb.png");
        assertEquals(3, read.channelCount());
    }

    @Test
    public void roundTripsRgbaAsFourChannels() throws IOException {
        ImageVolume read = roundTrip(volume(SampleType.UINT8, 4, 5, 4, 0, 255), "rgba.png");
        assertEquals(4, read.channelCount());
    }

    @Test
    public void roundTripsGreyWithAlphaAndSixteenBitRgb() throws IOException {
        assertEquals(2, roundTrip(volume(SampleType.UINT8, 3, 4, 2, 0, 255), "ga.png").channelCount());
        assertEquals(3, roundTrip(volume(SampleType.UINT16, 3, 4, 3, 0, 65535), "rgb16.png").channelCount());
    }

    @Test
    public void concatenatesChannelsOfSeveralFilesInOrder() throws IOException {
        ImageVolume grey = volume(SampleType.UINT8, 3, 4, 1, 0, 255);
        ImageVolume rgb = volume(SampleType.UINT16, 3, 4, 3, 0, 65535);
        Path a = tmp.getRoot().toPath().resolve("case_0000.png");
        Path b = tmp.getRoot().toPath().resolve("case_0001.png");
        png.write(grey, a);
        png.write(rgb, b);

        ImageVolume read = png.readImages(List.of(a, b));

        assertEquals(4, read.channelCount());
        assertEquals(SampleType.UINT16, read.sampleType());
        assertArrayEquals(grey.channel(0), read.channel(0), 0);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(rgb.channel(c), read.channel(c + 1), 0);
        }
    }

    @Test
    public void readsPaletteIndicesNotColours() throws IOException {
        byte[] reds = {0, (byte) 200, 10};
        byte[] greens = {0, 100, (byte) 250};
        byte[] blues = {0, 50, 20};
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 3, reds, greens, blues));
        image.getRaster().setSamples(0, 0, 3, 2, 0, new int[] {0, 1, 2, 2, 1, 0});
        Path file = tmp.getRoot().toPath().resolve("palette.png");
        ImageIO.write(image, "png", file.toFile());

        ImageVolume read = png.readSegmentation(file);

        assertEquals(SampleType.UINT8, read.sampleType());
        assertArrayEquals(new float[] {0, 1, 2, 2, 1, 0}, read.channel(0), 0);
    }

    @Test
    public void readsOneBitGreyAsZeroAndOne() throws IOException {
        BufferedImage image = new BufferedImage(9, 2, BufferedImage.TYPE_BYTE_BINARY);
        int[] bits = {1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        image.getRaster().setSamples(0, 0, 9, 2, 0, bits);
        Path file = tmp.getRoot().toPath().resolve("bits.png");
        ImageIO.write(image, "png", file.toFile());

        ImageVolume read = png.readImages(List.of(file));

        assertEquals(SampleType.UINT8, read.sampleType());
        assertArrayEquals(Arrays.stream(bits).mapToDouble(b -> b).toArray(), toDoubles(read.channel(0)), 0);
    }

    @Test
    public void readsGreyWithTransparencyChunkAsOneChannel() throws IOException {
        // 16-bit grey, 1 x 3 pixels, colour 0 marked transparent: the JDK alone would add an alpha band.
        ByteBuffer header = ByteBuffer.allocate(13).putInt(3).putInt(1).put(new byte[] {16, 0, 0, 0, 0});
        byte[] row = ByteBuffer.allocate(7).put((byte) 0).putShort((short) 0).putShort((short) 300)
                .putShort((short) 65535).array();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(file, "IHDR", header.array());
        chunk(file, "tRNS", new byte[] {0, 0});
        chunk(file, "IDAT", deflate(row));
        chunk(file, "IEND", new byte[0]);
        Path path = tmp.getRoot().toPath().resolve("trns.png");
        Files.write(path, file.toByteArray());

        ImageVolume read = png.readSegmentation(path);

        assertEquals(SampleType.UINT16, read.sampleType());
        assertArrayEquals(new float[] {0, 300, 65535}, read.channel(0), 0);
    }

    @Test
    public void readsSampleImageAsSixteenBitWithKnownStatistics() throws IOException {
        ImageVolume image = png.readImages(List.of(CELLS.resolve("imagesTr/BBBC039_000_0000.png")));

        assertEquals(SampleType.UINT16, image.sampleType());
        assertArrayEquals(new int[] {1, 520, 696}, image.shape());
        assertEquals(1, image.channelCount());
        float[] values = image.channel(0);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        double sum = 0;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        // cases.csv beside the data: img_min 120, img_max 4095, img_mean 248.14.
        assertEquals(120, min, 0);
        assertEquals(4095, max, 0);
        assertEquals(248.14, sum / values.length, 0.01);
    }

    @Test
    public void readsSampleLabelAsOneChannelOfZeroAndOne() throws IOException {
        ImageVolume label = png.readSegmentation(CELLS.resolve("labelsTr/BBBC039_000.png"));

        assertEquals(1, label.channelCount());
        assertArrayEquals(new float[] {0, 1}, distinct(label.channel(0)), 0);
    }

    @Test
    public void readsSampleInstanceLabelAsSixteenBitWithOneValuePerInstance() throws IOException {
        ImageVolume label = png.readSegmentation(CELLS.resolve("labelsTr_instances/BBBC039_000.png"));

        assertEquals(SampleType.UINT16, label.sampleType());
        float[] values = distinct(label.channel(0));
        assertEquals(110, values[values.length - 1], 0);
        // cases.csv: n_instances 110, background 0 not counted.
        assertEquals(110, values.length - 1);
    }

    @Test
    public void truncatedPngIsInvalidNamingTheFile() throws IOException {
        byte[] whole = Files.readAllBytes(CELLS.resolve("imagesTr/BBBC039_000_0000.png"));
        Path file = tmp.getRoot().toPath().resolve("half.png");
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));

        assertInvalidNaming(file);
    }

    @Test
    public void randomBytesAreInvalidNamingTheFile() throws IOException {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Path file = tmp.getRoot().toPath().resolve("noise.png");
        Files.write(file, noise);

        assertInvalidNaming(file);
    }

    @Test
    public void emptyFileIsInvalidNamingTheFile() throws IOException {
        assertInvalidNaming(tmp.newFile("empty.png").toPath());
    }

    @Test
    public void missingFileIsReportedAsNoSuchFile() {
        Path file = tmp.getRoot().toPath().resolve("absent.png");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> png.readImages(List.of(file)));
        assertTrue(e.getMessage(), e.getMessage().contains("absent.png"));
    }

    @Test
    public void channelFilesOfDifferentSizesAreInvalidNamingTheOffendingFile() throws IOException {
        Path a = tmp.getRoot().toPath().resolve("case_0000.png");
        Path b = tmp.getRoot().toPath().resolve("case_0001.png");
        png.write(volume(SampleType.UINT8, 4, 5, 1, 0, 255), a);
        png.write(volume(SampleType.UINT8, 4, 6, 1, 0, 255), b);

        InvalidImageException e = assertThrows(InvalidImageException.class, () -> png.readImages(List.of(a, b)));

        assertEquals(b, e.file());
        assertTrue(e.getMessage(), e.getMessage().contains("case_0001.png"));
        assertTrue(e.getMessage(), e.getMessage().contains("[1, 4, 6]") && e.getMessage().contains("[1, 4, 5]"));
    }

    @Test
    public void segmentationWithSeveralChannelsIsInvalid() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("rgb_label.png");
        png.write(volume(SampleType.UINT8, 2, 2, 3, 0, 3), file);

        InvalidImageException e = assertThrows(InvalidImageException.class, () -> png.readSegmentation(file));
        assertTrue(e.getMessage(), e.getMessage().contains("rgb_label.png") && e.getMessage().contains("one channel"));
    }

    @Test
    public void refusesFloatDataSuggestingTiffAndLeavesNoFile() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("float.png");
        ImageVolume image = volume(SampleType.FLOAT32, 2, 2, 1, 0, 1);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> png.write(image, file));

        assertTrue(e.getMessage(), e.getMessage().contains("float") && e.getMessage().contains(".tif"));
        assertFolderEmpty();
    }

    @Test
    public void refusesValuesTheSampleTypeCannotHoldAndLeavesNoFile() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("range.png");
        ImageVolume tooLarge = volume(SampleType.UINT8, 2, 2, 1, 0, 255);
        tooLarge.channel(0)[3] = 256;
        ImageVolume fractional = volume(SampleType.UINT16, 2, 2, 1, 0, 255);
        fractional.channel(0)[1] = 0.5f;

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> png.write(tooLarge, file));
        assertTrue(e.getMessage(), e.getMessage().contains("range.png") && e.getMessage().contains("256"));
        e = assertThrows(IllegalArgumentException.class, () -> png.write(fractional, file));
        assertTrue(e.getMessage(), e.getMessage().contains("0.5"));
        assertFolderEmpty();
    }

    @Test
    public void refusesThreeDimensionalVolumes() {
        ImageVolume stack = new ImageVolume(new int[] {2, 2, 2}, new double[] {1, 1, 1}, SampleType.UINT8,
                new float[][] {new float[8]});

        assertThrows(IllegalArgumentException.class, () -> png.write(stack, tmp.getRoot().toPath().resolve("s.png")));
    }

    @Test
    public void registryFindsPngAndTiffByEndingCaseInsensitively() {
        TiffImageIo tiff = new TiffImageIo();
        ImageIoRegistry registry = ImageIoRegistryComponent.of(png, tiff);

        assertSame(png, registry.require(".PNG"));
        assertSame(tiff, registry.require(".tif"));
        assertSame(tiff, registry.forEnding(".tiff").orElseThrow());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.require(".jpg"));
        assertTrue(e.getMessage(), e.getMessage().contains(".jpg") && e.getMessage().contains(".png")
                && e.getMessage().contains(".tif") && e.getMessage().contains(".tiff"));
    }

    private ImageVolume roundTrip(ImageVolume image, String name) throws IOException {
        Path file = tmp.getRoot().toPath().resolve(name);
        png.write(image, file);
        ImageVolume read = png.readImages(List.of(file));
        assertArrayEquals(image.shape(), read.shape());
        assertEquals(image.channelCount(), read.channelCount());
        for (int c = 0; c < image.channelCount(); c++) {
            assertArrayEquals(image.channel(c), read.channel(c), 0);
        }
        return read;
    }

    /** A 2-D volume of random integers in [min, max], fixed seed. */
    static ImageVolume volume(SampleType type, int h, int w, int channels, int min, int max) {
        Random random = new Random(42);
        float[][] data = new float[channels][h * w];
        for (float[] channel : data) {
            for (int i = 0; i < channel.length; i++) {
                channel[i] = min + random.nextInt(max - min + 1);
            }
        }
        return new ImageVolume(new int[] {1, h, w}, new double[] {999, 1, 1}, type, data);
    }

    static void assertInvalidNaming(ImageIo io, Path file) {
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> io.readImages(List.of(file)));
        assertEquals(file, e.file());
        assertTrue(e.getMessage(), e.getMessage().contains(file.getFileName().toString()));
    }

    private void assertInvalidNaming(Path file) {
        assertInvalidNaming(png, file);
    }

    private void assertFolderEmpty() throws IOException {
        try (Stream<Path> files = Files.list(tmp.getRoot().toPath())) {
            assertEquals(List.of(), files.toList());
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] typeAndData = ByteBuffer.allocate(4 + data.length).put(type.getBytes(StandardCharsets.US_ASCII))
                .put(data).array();
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(typeAndData);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[data.length + 64];
        int n = deflater.deflate(buffer);
        deflater.end();
        return Arrays.copyOf(buffer, n);
    }

    private static float[] distinct(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[n++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, n);
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
