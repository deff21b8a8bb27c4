package io.jnnunet.training.internal;

import io.jnnunet.formats.TrainingHistory;

import io.jnnunet.formats.Checkpoint;
import io.jnnunet.formats.CheckpointHeader;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CheckpointTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void roundTripsWeightsMomentumAndHistory() throws IOException {
        Path file = temp.getRoot().toPath().resolve("checkpoint_best.djl");
        checkpoint().write(file);

        Checkpoint read = Checkpoint.read(file);
        assertEquals(12, read.header().currentEpoch());
        assertEquals(0.7, read.header().bestEma(), 0);
        assertEquals(List.of("a.weight", "a.bias"), read.header().parameters().stream()
                .map(CheckpointHeader.Tensor::name).toList());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, read.weights().get(0), 0);
        assertArrayEquals(new float[] {-1.5f, Float.MIN_VALUE}, read.weights().get(1), 0);
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, read.momentumBuffers().get(0), 0);
        assertNull(read.momentumBuffers().get(1));
        assertTrue(Double.isNaN(read.header().logging().meanFgDice().get(0)));
        assertEquals(0.5, read.header().logging().meanFgDice().get(1), 0);
        assertArrayEquals(new double[] {0.5, Double.NaN}, read.header().logging().dicePerClass().get(1), 0);
    }

    /** The tensors lie as little-endian float32 in C order, so numpy reads them with np.frombuffer(..., '<f4'). */
    @Test
    public void weightsEntryIsRawLittleEndianFloat32() throws IOException {
        Path file = temp.getRoot().toPath().resolve("checkpoint_final.djl");
        checkpoint().write(file);
        try (ZipFile zip = new ZipFile(file.toFile());
                InputStream in = zip.getInputStream(zip.getEntry(Checkpoint.WEIGHTS_ENTRY))) {
            ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(8 * Float.BYTES, bytes.capacity());
            assertEquals(3f, bytes.getFloat(2 * Float.BYTES), 0);
            assertEquals(-1.5f, bytes.getFloat(6 * Float.BYTES), 0);
        }
    }

    @Test
    public void truncatedFileIsRejectedNamingIt() throws IOException {
        Path file = temp.getRoot().toPath().resolve("checkpoint_latest.djl");
        checkpoint().write(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 30));
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(file));
        assertTrue(e.getMessage(), e.getMessage().contains("checkpoint_latest.djl is not a complete checkpoint"));
    }

    @Test
    public void damagedDataFailsTheChecksum() throws IOException {
        Path file = temp.getRoot().toPath().resolve("checkpoint_final.djl");
        checkpoint().write(file);
        byte[] bytes = Files.readAllBytes(file);
        // the float 3.0f (0x40400000) of the weights; flipping its sign bit keeps the archive readable
        int at = indexOf(bytes, new byte[] {0, 0, 0x40, 0x40});
        bytes[at + 3] ^= (byte) 0x80;
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(file));
        assertTrue(e.getMessage(), e.getMessage().contains("network_weights.bin is damaged"));
    }

    @Test
    public void tensorsMustMatchTheirHeader() {
        CheckpointHeader header = checkpoint().header();
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(header,
                List.of(new float[5], new float[2]), Arrays.asList(new float[6], null)));
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }

    private static Checkpoint checkpoint() {
        TrainingHistory history = new TrainingHistory();
        history.add(0.01, 0, 10, -0.1, -0.05, new double[] {Double.NaN, Double.NaN});
        history.add(0.009, 10, 20, -0.3, -0.25, new double[] {0.5, Double.NaN});
        CheckpointHeader header = new CheckpointHeader(CheckpointHeader.FORMAT, CheckpointHeader.FORMAT_VERSION,
                "nnUNetTrainer", 12, 1000, 250, 50, 0.0089, 0.7, 42L, null,
                new CheckpointHeader.Optimizer("SGD", 0.01, 0.99, true, 3e-5),
                new CheckpointHeader.Network("PlainConvUNet", 1, 3), new int[] {0, 1},
                new CheckpointHeader.InitArgs(null, "2d", "0", null, "cpu"), history,
                List.of(new CheckpointHeader.Tensor("a.weight", new long[] {2, 3}, true),
                        new CheckpointHeader.Tensor("a.bias", new long[] {2}, false)));
        return new Checkpoint(header, List.of(new float[] {1, 2, 3, 4, 5, 6}, new float[] {-1.5f, Float.MIN_VALUE}),
                Arrays.asList(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, null));
    }
}
