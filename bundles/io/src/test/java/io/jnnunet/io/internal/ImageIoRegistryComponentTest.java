package io.jnnunet.io.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageIoInfo;
import io.jnnunet.api.NamedServices;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ImageIoRegistryComponentTest {

    private final PngImageIo png = new PngImageIo();
    private final TiffImageIo tiff = new TiffImageIo();
    private final ImageIoRegistryComponent registry = new ImageIoRegistryComponent();

    /** A lab's reader of PNG and BMP files, named so the listing shows which one is picked. */
    private static PngImageIo labReader(String name) {
        return new PngImageIo() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> fileEndings() {
                return List.of(".png", ".bmp");
            }
        };
    }

    private void builtIns() {
        registry.add(png, Map.of(NamedServices.ID, 1L), "jnnunet-io");
        registry.add(tiff, Map.of(NamedServices.ID, 2L), "jnnunet-io");
    }

    @Test
    public void aHigherRankedReaderOverridesTheBuiltInForItsEndingsOnlyUntilItIsRemoved() {
        builtIns();
        PngImageIo lab = labReader("LabPngImageIo");
        registry.add(lab, Map.of(NamedServices.RANKING, 10, NamedServices.ID, 3L), "lab");

        assertSame(lab, registry.require(".PNG"));
        assertSame(lab, registry.forEnding(".bmp").orElseThrow());
        assertSame(tiff, registry.require(".tif"));
        assertEquals(List.of(new ImageIoInfo(".bmp", "LabPngImageIo", "lab"),
                new ImageIoInfo(".png", "LabPngImageIo", "lab"), new ImageIoInfo(".tif", "TiffImageIo", "jnnunet-io"),
                new ImageIoInfo(".tiff", "TiffImageIo", "jnnunet-io")), registry.installed());

        registry.removeImageIo(lab);

        assertSame(png, registry.require(".png"));
        assertEquals(List.of(".png", ".tif", ".tiff"), registry.installed().stream().map(ImageIoInfo::fileEnding)
                .toList());
        assertEquals(new ImageIoInfo(".png", "PngImageIo", "jnnunet-io"), registry.installed().get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.require(".bmp"));
        assertEquals("no image reader/writer for file ending '.bmp' is installed; installed: [.png, .tif, .tiff]",
                e.getMessage());
    }

    @Test
    public void ofEqualRankingTheOneRegisteredFirstWinsAndALowerRankedOneNever() {
        builtIns();
        PngImageIo later = labReader("Later");
        PngImageIo lower = labReader("Lower");
        registry.add(later, Map.of(NamedServices.ID, 3L), "lab");
        registry.add(lower, Map.of(NamedServices.RANKING, -1, NamedServices.ID, 4L), "lab");

        assertSame(png, registry.require(".png"));
        assertSame(later, registry.require(".bmp"));

        registry.removeImageIo(later);
        assertSame(lower, registry.require(".bmp"));
        assertSame(png, ImageIoRegistryComponent.of(png, later).require(".png"));
    }

    @Test
    public void theFileEndingPropertyNarrowsWhatAReaderServes() {
        builtIns();
        ImageIo lab = labReader("LabPngImageIo");
        registry.add(lab, Map.of(ImageIo.FILE_ENDING, new String[] {".bmp"}, NamedServices.RANKING, 10,
                NamedServices.ID, 3L), "lab");

        assertSame(png, registry.require(".png"));
        assertSame(lab, registry.require(".bmp"));
    }
}
