package io.jnnunet.inference.internal;

import io.jnnunet.api.ImageIo;
import io.jnnunet.api.InstanceRecipe;
import io.jnnunet.architectures.internal.CheckpointNetworkLoader;
import io.jnnunet.architectures.internal.PlainConvUNetArchitecture;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.internal.PyTorchComputeEngine;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.NnunetDatasetReader;
import io.jnnunet.network.NetworkArchitecture;
import io.jnnunet.network.NetworkLoader;
import io.jnnunet.postprocessing.internal.instances.ConnectedComponentsRecipe;
import io.jnnunet.preprocessing.internal.DefaultPreprocessor;
import io.jnnunet.preprocessing.internal.ZScoreNormalization;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

/** The real components the predictor works with, made outside OSGi. */
final class TestComponents {

    private TestComponents() {
    }

    /**
     * The compute engine component with its defaults (CPU here) but a fixed thread count, so that results do not
     * depend on what else the machine runs.
     */
    static ComputeEngine engine() {
        PyTorchComputeEngine.Config defaults = (PyTorchComputeEngine.Config) Proxy.newProxyInstance(
                TestComponents.class.getClassLoader(), new Class<?>[] {PyTorchComputeEngine.Config.class},
                (proxy, method, args) -> method.getName().equals("threads")
                        ? Runtime.getRuntime().availableProcessors() : method.getDefaultValue());
        return new PyTorchComputeEngine(defaults);
    }

    /** nnU-Net's preprocessing with z-score normalisation, reading with {@code imageIo}. */
    static DefaultPreprocessor preprocessor(ImageIo imageIo) {
        return new DefaultPreprocessor(new NnunetDatasetReader(), ImageIoRegistryComponent.of(imageIo),
                List.of(new ZScoreNormalization()));
    }

    /**
     * The predictor wired as DS wires it: the checkpoint loader with PlainConvUNet, reading and writing with
     * {@code imageIo}, the connected-components recipe.
     */
    static NnunetPredictor predictor(ImageIo imageIo) throws ReflectiveOperationException {
        CheckpointNetworkLoader loader = new CheckpointNetworkLoader();
        // DS calls the bind method of another bundle's internal package; so does this
        Method bind = CheckpointNetworkLoader.class.getDeclaredMethod("addArchitecture", NetworkArchitecture.class,
                Map.class);
        bind.setAccessible(true);
        PlainConvUNetArchitecture architecture = new PlainConvUNetArchitecture();
        bind.invoke(loader, architecture, Map.of(NetworkArchitecture.NAME, architecture.name()));
        NnunetPredictor predictor = new NnunetPredictor(engine(), preprocessor(imageIo),
                ImageIoRegistryComponent.of(imageIo), (NetworkLoader) loader);
        ConnectedComponentsRecipe recipe = new ConnectedComponentsRecipe();
        predictor.addRecipe(recipe, Map.of(InstanceRecipe.NAME, recipe.name()));
        return predictor;
    }
}
