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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

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

    @Inject
    BundleContext context;

    /**
     * The house rules, read from the running framework's wiring: no bundle imports another bundle's implementation
     * package, the shell imports only the api (and Karaf's shell API), the api imports no DJL, and the bundles'
     * imports form no circle. The graph is printed for the record.
     */
    @Test
    public void bundleImportsFollowTheHouseRules() {
        Map<String, TreeSet<String>> importedPackages = new TreeMap<>();
        Map<String, TreeSet<String>> importedBundles = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (name == null || !name.startsWith("jnnunet-") || wiring == null) {
                continue;
            }
            TreeSet<String> packages = importedPackages.computeIfAbsent(name, n -> new TreeSet<>());
            TreeSet<String> providers = importedBundles.computeIfAbsent(name, n -> new TreeSet<>());
            for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                String pkg = (String) wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
                String provider = wire.getProvider().getBundle().getSymbolicName();
                if (provider.startsWith("jnnunet-") && !provider.equals(name)) {
                    packages.add(pkg);
                    providers.add(provider);
                }
                if (name.equals("jnnunet-api")) {
                    assertFalse("the api imports " + pkg, pkg.startsWith("ai.djl"));
                }
            }
        }
        importedBundles.forEach((bundle, providers) -> System.out.println("import graph: " + bundle + " -> "
                + providers + " " + importedPackages.get(bundle)));
        assertTrue(importedBundles.keySet().toString(), importedBundles.keySet().containsAll(List.of("jnnunet-api",
                "jnnunet-shell", "jnnunet-workflow", "jnnunet-formats", "jnnunet-training", "jnnunet-inference")));
        importedPackages.forEach((bundle, packages) -> packages.forEach(pkg -> assertFalse(bundle + " imports "
                + pkg, pkg.contains(".internal"))));
        for (String pkg : importedPackages.get("jnnunet-shell")) {
            assertTrue("the shell imports " + pkg, pkg.startsWith("io.jnnunet.api"));
        }
        for (String start : importedBundles.keySet()) {
            List<String> path = new ArrayList<>(List.of(start));
            assertNoCircle(importedBundles, start, path);
        }
    }

    private static void assertNoCircle(Map<String, TreeSet<String>> graph, String node, List<String> path) {
        for (String next : graph.getOrDefault(node, new TreeSet<>())) {
            assertFalse("circle of imports: " + path + " -> " + next, path.contains(next));
            path.add(next);
            assertNoCircle(graph, next, path);
            path.remove(path.size() - 1);
        }
    }

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
