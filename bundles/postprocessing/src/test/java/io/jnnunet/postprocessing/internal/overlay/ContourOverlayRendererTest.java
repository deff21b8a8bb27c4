package io.jnnunet.postprocessing.internal.overlay;

import static io.jnnunet.postprocessing.internal.overlay.ContourOverlayRenderer.BOTH;
import static io.jnnunet.postprocessing.internal.overlay.ContourOverlayRenderer.GAP;
import static io.jnnunet.postprocessing.internal.overlay.ContourOverlayRenderer.PREDICTION;
import static io.jnnunet.postprocessing.internal.overlay.ContourOverlayRenderer.REFERENCE;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SampleType;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.PngImageIo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ContourOverlayRendererTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final Path SAMPLE = Path.of("../../sample-data/Dataset001_Cells");

    private final ContourOverlayRenderer renderer =
            new ContourOverlayRenderer(ImageIoRegistryComponent.of(new PngImageIo()));

    @Test
    public void aFolderIsDrawnCaseByCaseWithTheLabelsOfTheSameName() throws IOException {
        Path out = tmp.getRoot().toPath();
        List<Path> all = renderer.renderFolder(SAMPLE.resolve("imagesTs"), SAMPLE.resolve("labelsTs_instances"), null,
                List.of(), out, ProgressListener.NONE);
        assertEquals(List.of("BBBC039_100.png", "BBBC039_101.png", "BBBC039_102.png", "BBBC039_103.png",
                "BBBC039_104.png"), all.stream().map(p -> p.getFileName().toString()).toList());
        // with a prediction folder, only the cases it predicted
        List<Path> one = renderer.renderFolder(SAMPLE.resolve("imagesTs"), null, SAMPLE.resolve("labelsTs"),
                List.of("BBBC039_103"), out, ProgressListener.NONE);
        assertEquals(List.of(out.resolve("BBBC039_103.png")), one);
        assertEquals(696, ImageIO.read(one.get(0).toFile()).getWidth());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> renderer.renderFolder(
                SAMPLE.resolve("imagesTs"), null, null, List.of("BBBC039_999"), out, ProgressListener.NONE));
        assertEquals(true, unknown.getMessage().contains("BBBC039_999"));
    }

    /** 5 rows x 6 columns, values 0..29 row by row. */
    private static ImageVolume ramp() {
        float[] values = new float[30];
        for (int i = 0; i < 30; i++) {
            values[i] = i;
        }
        return volume(new int[] {1, 5, 6}, SampleType.UINT16, values);
    }

    private static ImageVolume volume(int[] shape, SampleType type, float[] values) {
        return ImageVolume.of(shape, new double[] {999, 1, 1}, type, values);
    }

    /** Labels {@code id} on rows r0..r1 and columns c0..c1 of a 5 x 6 map. */
    private static void paint(float[] labels, int id, int r0, int r1, int c0, int c1) {
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                labels[r * 6 + c] = id;
            }
        }
    }

    @Test
    public void drawsEachObjectsOutlineInItsColourOverTheStretchedImage() throws IOException {
        float[] reference = new float[30];
        paint(reference, 1, 1, 3, 1, 3);
        float[] prediction = new float[30];
        paint(prediction, 1, 1, 3, 3, 3);
        paint(prediction, 2, 1, 3, 4, 5);
        Path file = tmp.getRoot().toPath().resolve("case.png");

        renderer.render(ramp(), volume(new int[] {1, 5, 6}, SampleType.UINT8, reference),
                volume(new int[] {1, 5, 6}, SampleType.UINT16, prediction), null, file);

        BufferedImage picture = ImageIO.read(file.toFile());
        assertEquals(6, picture.getWidth());
        assertEquals(5, picture.getHeight());
        // the reference square's rim is green, its centre keeps the image: value 14 stretched between the
        // percentiles 0.145 and 28.855 is 255 * 13.855 / 28.71 = 123.06
        assertEquals(REFERENCE, rgb(picture, 1, 1));
        assertEquals(REFERENCE, rgb(picture, 2, 1));
        assertEquals(REFERENCE, rgb(picture, 3, 2));
        assertEquals(grey(123), rgb(picture, 2, 2));
        // column 3 is the rim of both
        assertEquals(BOTH, rgb(picture, 2, 3));
        // instance 2 touches instance 1 (column 4) and the image border (column 5): both are outlined
        assertEquals(PREDICTION, rgb(picture, 2, 4));
        assertEquals(PREDICTION, rgb(picture, 2, 5));
        // background: the darkest value clamps to black, the brightest to white
        assertEquals(grey(0), rgb(picture, 0, 0));
        assertEquals(grey(255), rgb(picture, 4, 5));
        assertEquals(grey((int) Math.round(255 * (26 - 0.145) / 28.71)), rgb(picture, 4, 2));
    }

    @Test
    public void outlinesTheBorderBetweenTwoLabelsOfASemanticMapAndNotTheInterior() throws IOException {
        float[] labels = new float[30];
        paint(labels, 1, 0, 4, 0, 2);
        paint(labels, 2, 0, 4, 3, 5);
        Path file = tmp.getRoot().toPath().resolve("semantic.png");

        renderer.render(ramp(), null, volume(new int[] {1, 5, 6}, SampleType.UINT8, labels), null, file);

        BufferedImage picture = ImageIO.read(file.toFile());
        assertEquals(PREDICTION, rgb(picture, 2, 2));
        assertEquals(PREDICTION, rgb(picture, 2, 3));
        assertEquals(grey((int) Math.round(255 * (13 - 0.145) / 28.71)), rgb(picture, 2, 1));
        assertEquals(grey((int) Math.round(255 * (16 - 0.145) / 28.71)), rgb(picture, 2, 4));
    }

    @Test
    public void drawsTheSliceWithTheMostReferenceForegroundOfAVolume() throws IOException {
        float[] image = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3};
        float[] reference = new float[12];
        reference[4] = 1;
        reference[8] = 1;
        reference[9] = 1;
        Path file = tmp.getRoot().toPath().resolve("volume.png");

        renderer.render(ImageVolume.of(new int[] {3, 2, 2}, new double[] {1, 1, 1}, SampleType.UINT8, image),
                ImageVolume.of(new int[] {3, 2, 2}, new double[] {1, 1, 1}, SampleType.UINT8, reference), null, null,
                file);

        BufferedImage picture = ImageIO.read(file.toFile());
        // slice 2: values 2 2 / 3 3, the bottom row is the brightest
        assertEquals(REFERENCE, rgb(picture, 0, 0));
        assertEquals(REFERENCE, rgb(picture, 0, 1));
        assertEquals(grey(255), rgb(picture, 1, 0));
    }

    @Test
    public void aTitleAddsABandAboveTheImage() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("titled.png");
        renderer.render(ramp(), null, null, "case 7", file);
        BufferedImage picture = ImageIO.read(file.toFile());
        assertEquals(6, picture.getWidth());
        // font 12 (the smallest), band 18
        assertEquals(5 + 18, picture.getHeight());
        assertEquals(grey(0), rgb(picture, 18, 0));
    }

    @Test
    public void refusesLabelsOfAnotherShape() {
        ImageVolume labels = volume(new int[] {1, 6, 5}, SampleType.UINT8, new float[30]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> renderer.render(ramp(),
                labels, null, null, tmp.getRoot().toPath().resolve("x.png")));
        assertEquals("the reference has shape [1, 6, 5], the image [1, 5, 6]", e.getMessage());
        assertEquals(0, tmp.getRoot().list().length);
    }

    @Test
    public void tilesOverlaysScaledToTheWidestInAGrid() throws IOException {
        Path a = tile("a.png", 10, 6, 0xFF0000);
        Path b = tile("b.png", 20, 10, 0x00FF00);
        Path c = tile("c.png", 10, 10, 0x0000FF);
        Path file = tmp.getRoot().toPath().resolve("montage.png");

        renderer.montage(List.of(a, b, c), 2, file);

        BufferedImage montage = ImageIO.read(file.toFile());
        // cells 20 wide; scaled heights 12, 10 (row 1: 12) and 20 (row 2)
        assertEquals(2 * 20 + 3 * GAP, montage.getWidth());
        assertEquals(12 + 20 + 3 * GAP, montage.getHeight());
        assertEquals(0xFF0000, rgb(montage, GAP + 11, GAP + 19));
        assertEquals(0x00FF00, rgb(montage, GAP, 2 * GAP + 20));
        assertEquals(0x0000FF, rgb(montage, 2 * GAP + 12 + 19, GAP + 19));
        assertEquals(0x202020, rgb(montage, 0, 0));
        // below the green tile (10 high) in the 12 high row
        assertEquals(0x202020, rgb(montage, GAP + 11, 2 * GAP + 20));
    }

    @Test
    public void aMontageNamesAFileThatIsNoImage() throws IOException {
        Path bad = Files.writeString(tmp.getRoot().toPath().resolve("bad.png"), "not a png");
        IOException e = assertThrows(IOException.class,
                () -> renderer.montage(List.of(bad), 5, tmp.getRoot().toPath().resolve("m.png")));
        assertEquals(bad + " is not an image that javax.imageio can read", e.getMessage());
    }

    private Path tile(String name, int width, int height, int colour) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, colour);
            }
        }
        Path file = tmp.getRoot().toPath().resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /** The colour at a row and column. */
    private static int rgb(BufferedImage picture, int row, int column) {
        return picture.getRGB(column, row) & 0xFFFFFF;
    }

    private static int grey(int g) {
        return g << 16 | g << 8 | g;
    }
}
