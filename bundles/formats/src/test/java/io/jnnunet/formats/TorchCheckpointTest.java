package io.jnnunet.formats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * nnU-Net's checkpoint of the reference model (../shared/reference/nnunet-model, trained by nnU-Net v2.8.1 with
 * torch 1.13) read, and written back as Python's torch.load reads it.
 */
public class TorchCheckpointTest {

    private static final Path REFERENCE = Path.of(System.getProperty("user.dir")).resolve(
            "../../../shared/reference/nnunet-model/nnUNet_results/Dataset001_Cells/"
                    + "nnUNetTrainer_interop__nnUNetPlans_small__2d/fold_0/checkpoint_final.pth").normalize();
    /** Debian's python3-torch; the Python checks are skipped where it is not installed. */
    private static final String PYTHON = "/usr/bin/python3";

    private static Checkpoint reference;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @BeforeClass
    public static void readTheReference() throws IOException {
        assumeTrue("needs ../shared", Files.isRegularFile(REFERENCE));
        reference = TorchCheckpoint.read(REFERENCE);
    }

    @Test
    public void nnunetsCheckpointReadsAsItsDictWithOneTensorPerParameter() {
        CheckpointHeader header = reference.header();
        assertEquals("nnUNetTrainer_interop", header.trainerName());
        assertEquals(20, header.currentEpoch());
        assertEquals(0.9364456444977599, header.bestEma(), 0);
        assertArrayEquals(new int[] {0, 1}, header.inferenceAllowedMirroringAxes());
        assertEquals("2d", header.initArgs().configuration());
        assertEquals("0", header.initArgs().fold());
        assertEquals("cpu", header.initArgs().device());
        assertEquals("nnUNetPlans_small", header.initArgs().plans().plansName());
        assertEquals(".png", header.initArgs().datasetJson().fileEnding());
        assertEquals(new CheckpointHeader.Network("PlainConvUNet", 1, 2), header.network());
        assertEquals(new CheckpointHeader.Optimizer("SGD", 0.01, 0.99, true, 3e-5), header.optimizer());
        assertEquals(0.0006746414238367822, header.learningRate(), 0);
        assertEquals(20, header.logging().epochs());
        // 292 keys, 108 tensors: the all_modules and decoder.encoder aliases dropped
        List<CheckpointHeader.Tensor> tensors = header.parameters();
        assertEquals(108, tensors.size());
        assertEquals("encoder.stages.0.0.convs.0.conv.weight", tensors.get(0).name());
        assertArrayEquals(new long[] {16, 1, 3, 3}, tensors.get(0).shape());
        assertEquals("decoder.seg_layers.4.bias", tensors.get(107).name());
        assertTrue(tensors.stream().noneMatch(t -> t.name().contains("all_modules")
                || t.name().startsWith("decoder.encoder.")));
        assertEquals(2_092_842, tensors.stream().mapToLong(CheckpointHeader.Tensor::size).sum());
        // SGD's momentum for all but the lowest-resolution head, which deep supervision weighs 0
        assertEquals(106, reference.momentumBuffers().stream().filter(Objects::nonNull).count());
        assertNull(reference.momentumBuffers().get(tensors.indexOf(tensors.stream()
                .filter(t -> t.name().equals("decoder.seg_layers.0.weight")).findFirst().orElseThrow())));
        assertEquals(16 * 9, reference.weights().get(0).length);
    }

    @Test
    public void writtenAndReadAgainItIsTheSameCheckpoint() throws IOException {
        Path file = temp.getRoot().toPath().resolve("checkpoint_final.pth");
        TorchCheckpoint.write(reference, file);
        Checkpoint again = TorchCheckpoint.read(file);
        assertEquals(new NnunetJson().toString(reference.header()), new NnunetJson().toString(again.header()));
        for (int i = 0; i < reference.weights().size(); i++) {
            assertArrayEquals(reference.weights().get(i), again.weights().get(i), 0);
            assertArrayEquals(reference.momentumBuffers().get(i), again.momentumBuffers().get(i), 0);
        }
        assertEquals(List.of(), Files.list(file.getParent()).filter(f -> !f.equals(file)).toList());
    }

    @Test
    public void pythonsTorchLoadReadsTheWrittenFileAsTheOriginal() throws Exception {
        assumeTrue("needs Debian's python3-torch", torchInstalled());
        Path file = temp.getRoot().toPath().resolve("checkpoint_final.pth");
        TorchCheckpoint.write(reference, file);
        String output = python("same_checkpoint.py", REFERENCE.toString(), file.toString());
        assertTrue(output, output.contains("same: 292 weights, 106 momentum buffers"));
    }

    @Test
    public void theWeightsAloneWriteAsAStateDictThatReadsBackWithoutItsAliases() throws Exception {
        Path file = temp.getRoot().toPath().resolve("weights.pt");
        TorchCheckpoint.writeStateDict(reference, file);
        List<TorchCheckpoint.Tensor> tensors = TorchCheckpoint.readStateDict(file);
        assertEquals(reference.header().parameters().size(), tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            assertEquals(reference.header().parameters().get(i).name(), tensors.get(i).name());
            assertArrayEquals(reference.header().parameters().get(i).shape(), tensors.get(i).shape());
            assertArrayEquals(reference.weights().get(i), tensors.get(i).values(), 0);
        }
        // a checkpoint is no state dict: its tensors sit under network_weights
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.readStateDict(REFERENCE));
        assertTrue(e.getMessage(), e.getMessage().startsWith(REFERENCE + " is not a state dict"));
        if (torchInstalled()) {
            String output = python("same_state_dict.py", REFERENCE.toString(), file.toString());
            assertTrue(output, output.contains("same: 292 weights"));
        }
    }

    @Test
    public void whatIsNotAnNnunetCheckpointIsNamedWithWhatIsWrong() throws IOException {
        Path notZip = temp.newFile("checkpoint_final.pth").toPath();
        Files.writeString(notZip, "not a zip");
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(notZip));
        assertTrue(e.getMessage(), e.getMessage().startsWith(notZip + " is not a complete PyTorch checkpoint"));

        Path truncated = temp.getRoot().toPath().resolve("truncated.pth");
        byte[] bytes = Files.readAllBytes(REFERENCE);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(IOException.class, () -> TorchCheckpoint.read(truncated));
        assertTrue(e.getMessage(), e.getMessage().startsWith(truncated.toString()));

        Path djl = temp.getRoot().toPath().resolve("checkpoint_final.djl");
        new Checkpoint(reference.header(), reference.weights(), reference.momentumBuffers()).write(djl);
        e = assertThrows(IOException.class, () -> TorchCheckpoint.read(djl));
        assertEquals(djl + " is not a PyTorch checkpoint: it has no <name>/data.pkl (torch.save's zip format)",
                e.getMessage());
    }

    private static boolean torchInstalled() throws InterruptedException {
        try {
            Process process = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a script of this test's resources; its output, which names what differs when it fails. */
    static String python(String script, String... args) throws IOException, InterruptedException {
        Path file = Files.createTempFile("jnnunet-", ".py");
        try (InputStream in = TorchCheckpointTest.class.getResourceAsStream(script)) {
            Files.write(file, in.readAllBytes());
        }
        try {
            List<String> command = new java.util.ArrayList<>(List.of(PYTHON, file.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue("python3 " + script + " took over 2 minutes", process.waitFor(2, TimeUnit.MINUTES));
            assertEquals(output, 0, process.exitValue());
            return output;
        } finally {
            Files.delete(file);
        }
    }
}
