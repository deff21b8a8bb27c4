package io.jnnunet.formats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NpyArraysTest {

    /** {@code np.save(f, np.arange(6, dtype=np.float32).reshape(2, 3) * 1.5 - 2)} with numpy 2.4. */
    private static final String NUMPY_FLOAT32 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwg"
            + "J3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
            + "IAoAAADAAAAAvwAAgD8AACBAAACAQAAAsEA=";
    /** {@code np.save(f, np.array([-32768, -1, 0, 7, 32767], np.int16))}. */
    private static final String NUMPY_INT16 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGkyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3"
            + "NoYXBlJzogKDUsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoA"
            + "gP//AAAHAP9/";

    private static final float[] FLOATS = {-2f, -0.5f, 1f, 2.5f, 4f, 5.5f};
    private static final short[] SHORTS = {-32768, -1, 0, 7, 32767};

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void writesByteForByteWhatNumpySaves() throws IOException {
        Path floats = tmp.getRoot().toPath().resolve("a.npy");
        NpyArrays.write(floats, new int[] {2, 3}, FLOATS);
        assertArrayEquals(Base64.getDecoder().decode(NUMPY_FLOAT32), Files.readAllBytes(floats));

        Path shorts = tmp.getRoot().toPath().resolve("b.npy");
        NpyArrays.writeInt16(shorts, new int[] {5}, SHORTS);
        assertArrayEquals(Base64.getDecoder().decode(NUMPY_INT16), Files.readAllBytes(shorts));
    }

    @Test
    public void readsAndMapsWhatNumpySaved() throws IOException {
        Path floats = tmp.newFile("a.npy").toPath();
        Files.write(floats, Base64.getDecoder().decode(NUMPY_FLOAT32));
        NpyArrays.Float32Array read = NpyArrays.readFloat32(floats);
        assertArrayEquals(new int[] {2, 3}, read.shape());
        assertArrayEquals(FLOATS, read.data(), 0f);
        NpyArrays.MappedFloat32 mapped = NpyArrays.mapFloat32(floats);
        assertEquals(6, mapped.data().remaining());
        assertEquals(2.5f, mapped.data().get(3), 0f);

        Path shorts = tmp.newFile("b.npy").toPath();
        Files.write(shorts, Base64.getDecoder().decode(NUMPY_INT16));
        assertArrayEquals(SHORTS, NpyArrays.readInt16(shorts).data());
        assertEquals(7, NpyArrays.mapInt16(shorts).data().get(3));
    }

    @Test
    public void roundTripsLargeArraysAcrossWriteChunks() throws IOException {
        float[] data = new float[3 * 1024 * 1024 / 4 * 2 + 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f - 7;
        }
        Path file = tmp.getRoot().toPath().resolve("big.npy");
        NpyArrays.write(file, new int[] {1, data.length}, data);
        assertArrayEquals(data, NpyArrays.readFloat32(file).data(), 0f);
        assertEquals(0, NpyArrays.readHeader(file).dataOffset() % 64);
    }

    @Test
    public void refusesTheWrongTypeAndTruncatedFilesNamingTheFile() throws IOException {
        Path shorts = tmp.getRoot().toPath().resolve("s.npy");
        NpyArrays.writeInt16(shorts, new int[] {5}, SHORTS);
        IOException wrongType = assertThrows(IOException.class, () -> NpyArrays.readFloat32(shorts));
        assertTrue(wrongType.getMessage(), wrongType.getMessage().contains("s.npy")
                && wrongType.getMessage().contains("<i2"));

        byte[] whole = Files.readAllBytes(shorts);
        Files.write(shorts, java.util.Arrays.copyOf(whole, whole.length - 2));
        IOException truncated = assertThrows(IOException.class, () -> NpyArrays.readInt16(shorts));
        assertTrue(truncated.getMessage(), truncated.getMessage().contains("truncated"));

        Path text = tmp.newFile("t.npy").toPath();
        Files.writeString(text, "not numpy");
        IOException notNpy = assertThrows(IOException.class, () -> NpyArrays.readHeader(text));
        assertTrue(notNpy.getMessage(), notNpy.getMessage().contains("t.npy"));
    }

    @Test
    public void refusesDataThatDoesNotFitTheShape() {
        assertThrows(IllegalArgumentException.class,
                () -> NpyArrays.write(tmp.getRoot().toPath().resolve("x.npy"), new int[] {2, 2}, new float[3]));
    }
}
