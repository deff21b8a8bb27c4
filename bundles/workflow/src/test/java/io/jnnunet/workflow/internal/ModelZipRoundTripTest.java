package io.jnnunet.workflow.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.TrainerSettings;
import io.jnnunet.api.TrainerVariant;
import io.jnnunet.api.TrainingRequest;
import io.jnnunet.api.workflow.ExportModelRequest;
import io.jnnunet.api.workflow.InstallModelRequest;
import io.jnnunet.api.workflow.InstalledModel;
import io.jnnunet.api.workflow.ModelOrigin;
import io.jnnunet.api.workflow.PlanAndPreprocessRequest;
import io.jnnunet.api.workflow.PredictFolderRequest;
import io.jnnunet.architectures.internal.CheckpointNetworkLoader;
import io.jnnunet.architectures.internal.PlainConvUNetArchitecture;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.internal.PyTorchComputeEngine;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.inference.internal.NnunetPredictor;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.PngImageIo;
import io.jnnunet.network.NetworkArchitecture;
import io.jnnunet.network.NetworkLoader;
import io.jnnunet.preprocessing.internal.DefaultPreprocessor;
import io.jnnunet.preprocessing.internal.NoNormalization;
import io.jnnunet.preprocessing.internal.ZScoreNormalization;
import io.jnnunet.training.internal.NnunetTrainer;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The round trip with the real stages on the sample data: a fold trained by jnnunet (a tiny network, a few
 * iterations), exported as nnU-Net's model zip (its {@code .djl} written as {@code .pth}), installed into a fresh
 * results folder of a machine without the training data, and predicted there: the masks are those the original
 * fold predicts.
 */
public class ModelZipRoundTripTest {

    private static final String MODEL = "Dataset001_Cells/nnUNetTrainer__tinyPlans__2d";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aTrainedFoldExportedInstalledAndPredictedGivesTheSameMasks() throws Exception {
        RealStages lab = new RealStages(tmp.newFolder("lab").toPath());
        lab.planning().planAndPreprocess(new PlanAndPreprocessRequest(List.of("1"), true, true, true, false, false,
                null, null, null, null, null, null, List.of("2d"), 2, null), ProgressListener.NONE);
        Path preprocessed = lab.paths.preprocessedDataset("1");
        writeTinyPlans(preprocessed);
        ComputeEngine engine = engine();
        Path fold = lab.paths.results().resolve(MODEL).resolve("fold_0");
        trainer(engine).train(new TrainingRequest(preprocessed, fold, "nnUNetTrainer", "tinyPlans", "2d", "0", false,
                1, 3, "cpu", null, null), ProgressListener.NONE);
        assertTrue(Files.isRegularFile(fold.resolve("checkpoint_final.djl")));

        Path images = RealStages.SAMPLE_RAW.resolve("Dataset001_Cells/imagesTs");
        Path before = tmp.getRoot().toPath().resolve("before");
        predict(lab, engine, images, before);

        Path zip = tmp.getRoot().toPath().resolve("shared/tiny.zip");
        ModelZipTest.exchange(lab).export(new ExportModelRequest("1", "2d", "tinyPlans", null, List.of("0"), null,
                null, zip.toString()), ProgressListener.NONE);
        assertTrue(ModelZipTest.entries(zip).containsKey(MODEL + "/fold_0/checkpoint_final.pth"));

        // the workstation: no raw data of the dataset, a fresh results folder
        RealStages workstation = new RealStages(tmp.newFolder("no-raw").toPath(), tmp.newFolder("ws").toPath());
        List<InstalledModel> installed = ModelZipTest.exchange(workstation).install(new InstallModelRequest(
                zip.toString(), false), ProgressListener.NONE);
        assertEquals(List.of("checkpoint_final.pth"), installed.get(0).checkpoints());
        assertEquals(ModelOrigin.INSTALLED, installed.get(0).origin().kind());
        assertEquals(ModelOrigin.TRAINED, ModelZipTest.exchange(lab).models().get(0).origin().kind());
        Path after = tmp.getRoot().toPath().resolve("after");
        predict(workstation, engine, images, after);

        List<Path> masks;
        try (Stream<Path> files = Files.list(before)) {
            masks = files.filter(f -> f.getFileName().toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(5, masks.size());
        PngImageIo png = new PngImageIo();
        for (Path mask : masks) {
            String name = mask.getFileName().toString();
            assertArrayEquals(name, png.readSegmentation(mask).channel(0),
                    png.readSegmentation(after.resolve(name)).channel(0), 0);
            // the softmax too (the .npz's arrays: its zip headers hold the time): masks of one class would be
            // equal whatever the weights
            String probabilities = name.replace(".png", ".npz");
            Map<String, byte[]> original = ModelZipTest.entries(before.resolve(probabilities));
            Map<String, byte[]> travelled = ModelZipTest.entries(after.resolve(probabilities));
            assertEquals(original.keySet(), travelled.keySet());
            original.forEach((array, bytes) -> assertArrayEquals(probabilities + " " + array, bytes,
                    travelled.get(array)));
        }
        assertFalse(Files.exists(workstation.paths.results().resolve(MODEL).resolve("fold_0/checkpoint_final.djl")));
    }

    private static void predict(RealStages stages, ComputeEngine engine, Path images, Path output) throws Exception {
        PredictFolder workflow = new PredictFolder(stages.paths, new DatasetJsonRecipeChooser(stages.reader));
        workflow.setPredictor(predictor(engine));
        workflow.predictFolder(new PredictFolderRequest(images.toString(), output.toString(), "Dataset001_Cells", "2d",
                "tinyPlans", null, List.of("0"), null, true, false, null, "cpu", null, false, 1, null, null, null),
                ProgressListener.NONE);
    }

    /** nnU-Net's plans of the sample data with a network of three stages of 4..16 features on 64 x 64 patches. */
    private static void writeTinyPlans(Path preprocessed) throws Exception {
        ObjectMapper mapper = new NnunetJson().mapper();
        ObjectNode plans = (ObjectNode) mapper.readTree(preprocessed.resolve("nnUNetPlans.json").toFile());
        plans.put("plans_name", "tinyPlans");
        ObjectNode configuration = (ObjectNode) plans.path("configurations").path("2d");
        configuration.set("patch_size", mapper.valueToTree(new int[] {64, 64}));
        configuration.put("batch_size", 2);
        configuration.put("num_val_iterations_per_epoch", 1);
        ObjectNode kwargs = (ObjectNode) configuration.path("architecture").path("arch_kwargs");
        kwargs.put("n_stages", 3);
        kwargs.set("features_per_stage", mapper.valueToTree(new int[] {8, 16, 32}));
        kwargs.set("kernel_sizes", mapper.valueToTree(new int[][] {{3, 3}, {3, 3}, {3, 3}}));
        kwargs.set("strides", mapper.valueToTree(new int[][] {{1, 1}, {2, 2}, {2, 2}}));
        kwargs.set("n_conv_per_stage", mapper.valueToTree(new int[] {1, 1, 1}));
        kwargs.set("n_conv_per_stage_decoder", mapper.valueToTree(new int[] {1, 1}));
        assertTrue(configuration.path("data_identifier").isTextual());
        new NnunetJson().write(preprocessed.resolve("tinyPlans.json"), mapper.treeToValue(plans, JsonNode.class));
    }

    /** The compute engine component with its defaults (CPU here) and the machine's cores. */
    private static ComputeEngine engine() {
        PyTorchComputeEngine.Config defaults = (PyTorchComputeEngine.Config) Proxy.newProxyInstance(
                ModelZipRoundTripTest.class.getClassLoader(), new Class<?>[] {PyTorchComputeEngine.Config.class},
                (proxy, method, args) -> method.getName().equals("threads")
                        ? Runtime.getRuntime().availableProcessors() : method.getDefaultValue());
        return new PyTorchComputeEngine(defaults);
    }

    private static NnunetTrainer trainer(ComputeEngine engine) throws ReflectiveOperationException {
        NnunetTrainer trainer = new NnunetTrainer(engine);
        // DS calls the bind methods of another bundle's internal package; so does this
        bind(trainer, "addArchitecture", NetworkArchitecture.class, new PlainConvUNetArchitecture());
        bind(trainer, "addVariant", TrainerVariant.class, new TrainerVariant() {
            @Override
            public String name() {
                return "nnUNetTrainer";
            }

            @Override
            public TrainerSettings settings(TrainerSettings defaults) {
                return defaults;
            }
        });
        return trainer;
    }

    private static NnunetPredictor predictor(ComputeEngine engine) throws ReflectiveOperationException {
        CheckpointNetworkLoader loader = new CheckpointNetworkLoader();
        bind(loader, "addArchitecture", NetworkArchitecture.class, new PlainConvUNetArchitecture());
        PngImageIo png = new PngImageIo();
        return new NnunetPredictor(engine, new DefaultPreprocessor(new io.jnnunet.io.internal.NnunetDatasetReader(),
                ImageIoRegistryComponent.of(png), List.of(new ZScoreNormalization(), new NoNormalization())),
                ImageIoRegistryComponent.of(png), (NetworkLoader) loader);
    }

    private static <T> void bind(Object component, String method, Class<T> type, T service)
            throws ReflectiveOperationException {
        Method bind = component.getClass().getDeclaredMethod(method, type, Map.class);
        bind.setAccessible(true);
        bind.invoke(component, service, Map.of());
    }
}
