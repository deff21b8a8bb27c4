package io.jnnunet.postprocessing.internal.overlay;

import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageIoInfo;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.OverlayRenderer;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.formats.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Contours over a contrast-stretched grey image: reference in green, prediction in magenta, yellow where both run
 * through the same pixel. A contour pixel is a labelled pixel whose 4-neighbour holds another id (or lies outside
 * the image, so that objects cut by the border are closed), which outlines each object of an instance image and each
 * label of a semantic map on its own. A 3-D volume is drawn at the slice with the most reference foreground (else
 * prediction foreground, else the middle one).
 */
@Component(service = OverlayRenderer.class, property = "overlay.name=contours")
public class ContourOverlayRenderer implements OverlayRenderer {

    /** nnU-Net's first channel suffix: overlays show channel 0. */
    private static final String FIRST_CHANNEL = "_0000";

    private final ImageIoRegistry imageIos;

    @Activate
    public ContourOverlayRenderer(@Reference(name = "imageIos") ImageIoRegistry imageIos) {
        this.imageIos = imageIos;
    }

    static final int REFERENCE = 0x00FF00;
    static final int PREDICTION = 0xFF00FF;
    static final int BOTH = 0xFFFF00;
    /** Pixels between montage cells and around them. */
    static final int GAP = 4;
    private static final Color MONTAGE_BACKGROUND = new Color(32, 32, 32);

    @Override
    public void render(ImageVolume image, ImageVolume reference, ImageVolume prediction, String title, Path pngFile)
            throws IOException {
        requireSameShape(image, reference, "reference");
        requireSameShape(image, prediction, "prediction");
        int[] shape = image.shape();
        int height = shape[1];
        int width = shape[2];
        int slice = slice(reference, prediction, shape[0], height * width);
        int offset = slice * height * width;

        BufferedImage picture = grey(image.channel(0), offset, height, width);
        boolean[] ref = reference == null ? null : contours(reference.channel(0), offset, height, width);
        boolean[] pred = prediction == null ? null : contours(prediction.channel(0), offset, height, width);
        for (int i = 0; i < height * width; i++) {
            boolean r = ref != null && ref[i];
            boolean p = pred != null && pred[i];
            if (r || p) {
                picture.setRGB(i % width, i / width, r && p ? BOTH : r ? REFERENCE : PREDICTION);
            }
        }
        BufferedImage result = title == null || title.isBlank() ? picture : withTitle(picture, title);
        AtomicFiles.write(pngFile, out -> ImageIO.write(result, "png", out));
    }

    @Override
    public void montage(List<Path> overlays, int columns, Path pngFile) throws IOException {
        if (overlays.isEmpty()) {
            throw new IllegalArgumentException("a montage needs at least one overlay");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be at least 1, got " + columns);
        }
        List<BufferedImage> tiles = new ArrayList<>();
        int cellWidth = 0;
        for (Path file : overlays) {
            BufferedImage tile = ImageIO.read(file.toFile());
            if (tile == null) {
                throw new IOException(file + " is not an image that javax.imageio can read");
            }
            tiles.add(tile);
            cellWidth = Math.max(cellWidth, tile.getWidth());
        }
        int cols = Math.min(columns, tiles.size());
        int rows = (tiles.size() + cols - 1) / cols;
        int[] rowHeights = new int[rows];
        int[] scaledHeights = new int[tiles.size()];
        for (int i = 0; i < tiles.size(); i++) {
            BufferedImage tile = tiles.get(i);
            scaledHeights[i] = (int) Math.round((double) tile.getHeight() * cellWidth / tile.getWidth());
            rowHeights[i / cols] = Math.max(rowHeights[i / cols], scaledHeights[i]);
        }
        BufferedImage montage = new BufferedImage(cols * cellWidth + (cols + 1) * GAP,
                Arrays.stream(rowHeights).sum() + (rows + 1) * GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = montage.createGraphics();
        try {
            g.setColor(MONTAGE_BACKGROUND);
            g.fillRect(0, 0, montage.getWidth(), montage.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            int y = GAP;
            for (int row = 0; row < rows; row++) {
                for (int col = 0; col < cols && row * cols + col < tiles.size(); col++) {
                    int i = row * cols + col;
                    g.drawImage(tiles.get(i), GAP + col * (cellWidth + GAP), y, cellWidth, scaledHeights[i], null);
                }
                y += rowHeights[row] + GAP;
            }
        } finally {
            g.dispose();
        }
        AtomicFiles.write(pngFile, out -> ImageIO.write(montage, "png", out));
    }

    /** Which pixels outline an object: labelled, with a 4-neighbour of another id or outside the image. */
    static boolean[] contours(float[] labels, int offset, int height, int width) {
        boolean[] contour = new boolean[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float id = labels[offset + y * width + x];
                if (id == 0) {
                    continue;
                }
                contour[y * width + x] = y == 0 || x == 0 || y == height - 1 || x == width - 1
                        || labels[offset + (y - 1) * width + x] != id || labels[offset + (y + 1) * width + x] != id
                        || labels[offset + y * width + x - 1] != id || labels[offset + y * width + x + 1] != id;
            }
        }
        return contour;
    }

    /** The slice as grey, linearly stretched between its 0.5 and 99.5 percentiles (numpy's linear interpolation). */
    static BufferedImage grey(float[] values, int offset, int height, int width) {
        int n = height * width;
        float[] sorted = Arrays.copyOfRange(values, offset, offset + n);
        Arrays.sort(sorted);
        double low = percentile(sorted, 0.5);
        double high = percentile(sorted, 99.5);
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < n; i++) {
            double v = values[offset + i];
            double t = high > low ? (v - low) / (high - low) : v > low ? 1 : 0;
            int g = (int) Math.round(255 * Math.min(1, Math.max(0, t)));
            picture.setRGB(i % width, i / width, g << 16 | g << 8 | g);
        }
        return picture;
    }

    static double percentile(float[] sorted, double q) {
        double index = q / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(index);
        int hi = (int) Math.ceil(index);
        return sorted[lo] + (sorted[hi] - (double) sorted[lo]) * (index - lo);
    }

    private static BufferedImage withTitle(BufferedImage picture, String title) {
        int fontSize = Math.max(12, picture.getWidth() / 40);
        int band = fontSize * 3 / 2;
        BufferedImage result = new BufferedImage(picture.getWidth(), picture.getHeight() + band,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = result.createGraphics();
        try {
            g.drawImage(picture, 0, band, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
            g.drawString(title, fontSize / 3, fontSize * 6 / 5);
        } finally {
            g.dispose();
        }
        return result;
    }

    /** The slice along the first axis to draw: most reference, else prediction, foreground; else the middle. */
    private static int slice(ImageVolume reference, ImageVolume prediction, int slices, int sliceSize) {
        for (ImageVolume labels : new ImageVolume[] {reference, prediction}) {
            if (labels == null) {
                continue;
            }
            int best = -1;
            long bestCount = 0;
            float[] data = labels.channel(0);
            for (int s = 0; s < slices; s++) {
                long count = 0;
                for (int i = s * sliceSize; i < (s + 1) * sliceSize; i++) {
                    count += data[i] != 0 ? 1 : 0;
                }
                if (count > bestCount) {
                    best = s;
                    bestCount = count;
                }
            }
            if (best >= 0) {
                return best;
            }
        }
        return slices / 2;
    }

    private static void requireSameShape(ImageVolume image, ImageVolume labels, String what) {
        if (labels != null && !Arrays.equals(image.shape(), labels.shape())) {
            throw new IllegalArgumentException("the " + what + " has shape " + Arrays.toString(labels.shape())
                    + ", the image " + Arrays.toString(image.shape()));
        }
    }

    @Override
    public List<Path> renderFolder(Path images, Path reference, Path prediction, List<String> cases, Path output,
            ProgressListener progress) throws IOException {
        if (!Files.isDirectory(images)) {
            throw new IllegalArgumentException("the images folder " + images + " does not exist");
        }
        for (Path folder : new Path[] {reference, prediction}) {
            if (folder != null && !Files.isDirectory(folder)) {
                throw new IllegalArgumentException("the label folder " + folder + " does not exist");
            }
        }
        String ending = fileEnding(images);
        ImageIo io = imageIos.require(ending);
        Map<String, Path> found = casesIn(images, ending);
        List<String> selected = select(found, cases, images, prediction, ending);
        List<Path> written = new ArrayList<>();
        for (String id : selected) {
            Path imageFile = found.get(id);
            Path file = output.resolve(id + ".png");
            try {
                render(io.readImages(List.of(imageFile)), labels(io, reference, id + ending),
                        labels(io, prediction, id + ending), id, file);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(imageFile + ": " + e.getMessage(), e);
            }
            written.add(file);
            progress.update("overlays", written.size(), selected.size());
        }
        return written;
    }

    /** The installed ending with the most {@code {case}_0000{ending}} files in the images folder. */
    private String fileEnding(Path images) throws IOException {
        List<String> names = list(images).stream().map(p -> p.getFileName().toString()).toList();
        return imageIos.installed().stream().map(ImageIoInfo::fileEnding).distinct()
                .filter(e -> names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).endsWith(FIRST_CHANNEL + e)))
                .max(Comparator.comparingLong(e -> names.stream()
                        .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(FIRST_CHANNEL + e)).count()))
                .orElseThrow(() -> new IllegalArgumentException(images + " holds no {case}" + FIRST_CHANNEL
                        + "{ending} image of an installed reader; installed endings: " + imageIos.installed()
                                .stream().map(ImageIoInfo::fileEnding).toList()));
    }

    private static Map<String, Path> casesIn(Path images, String ending) throws IOException {
        Map<String, Path> found = new TreeMap<>();
        String suffix = FIRST_CHANNEL + ending;
        for (Path file : list(images)) {
            String name = file.getFileName().toString();
            if (name.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                found.put(name.substring(0, name.length() - suffix.length()), file);
            }
        }
        return found;
    }

    private static List<String> select(Map<String, Path> found, List<String> cases, Path images, Path prediction,
            String ending) {
        if (!cases.isEmpty()) {
            for (String id : cases) {
                if (!found.containsKey(id)) {
                    throw new IllegalArgumentException("case " + id + " has no image " + id + FIRST_CHANNEL + ending
                            + " in " + images);
                }
            }
            return cases;
        }
        List<String> ids = found.keySet().stream()
                .filter(id -> prediction == null || Files.exists(prediction.resolve(id + ending))).toList();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no case of " + images + " has a prediction in " + prediction);
        }
        return ids;
    }

    /** A case's labels from a folder, or null (drawn without) when the folder has none for it. */
    private static ImageVolume labels(ImageIo io, Path folder, String fileName) throws IOException {
        Path file = folder == null ? null : folder.resolve(fileName);
        return file == null || !Files.exists(file) ? null : io.readSegmentation(file);
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

}
