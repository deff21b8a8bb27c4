package io.jnnunet.planning.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.Fingerprint;
import java.util.Map;
import org.junit.Test;

public class ImageReaderWriterRuleTest {

    private static final Fingerprint TWO_D = Datasets.uniform(1, new double[] {999, 1, 1}, new int[] {1, 8, 8}, 1);
    private static final Fingerprint STACK = Datasets.uniform(1, new double[] {2, 1, 1}, new int[] {9, 8, 8}, 1);

    @Test
    public void fileEndingChoosesNnUNetsReader() {
        assertEquals("NaturalImage2DIO", choose(".png", TWO_D));
        assertEquals("NaturalImage2DIO", choose(".BMP", TWO_D));
        assertEquals("SimpleITKIO", choose(".nii.gz", STACK));
        assertEquals("SimpleITKIO", choose(".mha", STACK));
        assertEquals("SimpleITKIO", choose(".nrrd", STACK));
        assertEquals("NibabelIO", choose(".nii", STACK));
        assertEquals("Tiff3DIO", choose(".tiff", STACK));
    }

    @Test
    public void tifIsANaturalImageWhen2dAndATiffStackOtherwise() {
        assertEquals("NaturalImage2DIO", choose(".tif", TWO_D));
        assertEquals("Tiff3DIO", choose(".tif", STACK));
    }

    @Test
    public void datasetJsonMayNameAKnownReader() {
        assertEquals("NibabelIOWithReorient", ImageReaderWriterRule.choose(withOverwrite("NibabelIOWithReorient"),
                STACK));
        // "None" and unknown names fall back to the file ending, as in nnU-Net
        assertEquals("SimpleITKIO", ImageReaderWriterRule.choose(withOverwrite("None"), STACK));
        assertEquals("SimpleITKIO", ImageReaderWriterRule.choose(withOverwrite("MyReader"), STACK));
    }

    @Test
    public void unknownEndingIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> choose(".npy", STACK));
    }

    private static String choose(String ending, Fingerprint fingerprint) {
        return ImageReaderWriterRule.choose(Datasets.dataset("CT", ending, "a"), fingerprint);
    }

    private static DatasetSpec withOverwrite(String reader) {
        return new DatasetSpec(Map.of("0", "CT"), Map.of("background", 0), 1, ".nii.gz", reader, null, null, null,
                null, null, null, null, null);
    }
}
