package io.jnnunet.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetVerifier;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.IntegrityReport;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.djl.ComputeEngine;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT extends JnnunetTestSupport {

    @Inject
    ComputeEngine engine;

    @Inject
    ImageIoRegistry imageIo;

    @Inject
    DatasetReader datasetReader;

    @Inject
    DatasetVerifier verifier;

    @Inject
    NnunetPaths paths;

    @Test
    public void computeEngineIsPyTorch271OnCpu() {
        assertEquals("PyTorch", engine.engineName());
        assertEquals("2.7.1", engine.engineVersion());
        assertEquals(Device.cpu(), engine.defaultDevice());
        assertTrue(engine.threads() >= 1);
    }

    @Test
    public void engineCommandPrintsEngineVersionDevicesAndThreads() {
        CommandResult result = execute("nnunet:engine");
        assertFalse(result.toString(), result.failed());
        assertTrue(result.output(), result.output().contains("PyTorch"));
        assertTrue(result.output(), result.output().contains("2.7.1"));
        assertTrue(result.output(), result.output().contains("cpu"));
        assertTrue(result.output(), result.output().contains("Threads"));
    }

    @Test
    public void convolutionForwardAndBackwardRunInsideTheContainer() {
        try (NDManager manager = engine.newManager()) {
            NDArray input = manager.ones(new Shape(2, 1, 8, 8));
            NDArray weight = manager.ones(new Shape(4, 1, 3, 3));
            NDArray bias = manager.zeros(new Shape(4));
            weight.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray output = Conv2d.conv2d(input, weight, bias).singletonOrThrow();
                assertArrayEquals(new long[] {2, 4, 6, 6}, output.getShape().getShape());
                // a 3x3 kernel of ones over an image of ones sums 9 values everywhere
                assertEquals(9f, output.min().getFloat(), 0f);
                assertEquals(9f, output.max().getFloat(), 0f);
                collector.backward(output.sum());
            }
            // d(sum)/d(weight): every kernel tap sees 2 images x 36 output positions of ones
            NDArray gradient = weight.getGradient();
            assertEquals(72f, gradient.min().getFloat(), 0f);
            assertEquals(72f, gradient.max().getFloat(), 0f);
        }
    }

    @Test
    public void imageReadersAreRegisteredByEnding() {
        assertTrue(imageIo.forEnding(".png").isPresent());
        assertTrue(imageIo.forEnding(".tif").isPresent());
        assertTrue(imageIo.forEnding(".tiff").isPresent());
        CommandResult result = execute("nnunet:readers");
        assertFalse(result.toString(), result.failed());
        assertTrue(result.output(), result.output().contains(".png"));
        assertTrue(result.output(), result.output().contains("jnnunet-io"));
    }

    @Test
    public void foldersDefaultUnderKarafData() {
        assertNotNull(paths.raw());
        assertTrue(paths.raw().toString(), paths.raw().startsWith(System.getProperty("karaf.data")));
    }

    @Test
    public void sampleDatasetPassesTheIntegrityCheck() throws Exception {
        IntegrityReport report = verifier.verify(sampleDataset());
        assertTrue(report.problems().toString(), report.ok());
        assertEquals(10, report.casesChecked());
        assertEquals(10, datasetReader.readDatasetJson(sampleDataset()).numTraining().intValue());

        CommandResult result = execute("nnunet:verify-dataset " + sampleDataset());
        assertFalse(result.toString(), result.failed());
        assertTrue(result.output(), result.output().contains("10 cases checked, 0 errors"));
    }
}
