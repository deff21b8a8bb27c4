package io.jnnunet.architectures.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.NamedServices;
import io.jnnunet.djl.NoGrad;
import io.jnnunet.formats.Checkpoint;
import io.jnnunet.formats.CheckpointHeader;
import io.jnnunet.formats.TorchCheckpoint;
import io.jnnunet.network.NetworkArchitecture;
import io.jnnunet.network.NetworkLoader;
import io.jnnunet.network.NetworkParameters;
import io.jnnunet.network.TrainedNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Rebuilds a checkpoint's network (jnnunet's {@link Checkpoint}, or nnU-Net's {@code .pth} read by
 * {@link TorchCheckpoint}) with the architecture it names, the highest-ranked one of that name installed when it is
 * loaded, and copies the weights in by their torch names. A {@code .pth}'s trainer name is only a name here: the
 * network is built from the plans, whatever trainer trained it.
 */
@Component(service = NetworkLoader.class)
public class CheckpointNetworkLoader implements NetworkLoader {

    private final NamedServices<NetworkArchitecture> architectures =
            new NamedServices<>("architecture", NetworkArchitecture.NAME, NetworkArchitecture::name);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeArchitecture")
    void addArchitecture(NetworkArchitecture architecture, Map<String, Object> properties) {
        architectures.add(architecture, properties);
    }

    void removeArchitecture(NetworkArchitecture architecture) {
        architectures.remove(architecture);
    }

    @Override
    public TrainedNetwork load(Path file, NDManager manager) throws IOException {
        Checkpoint checkpoint = file.getFileName().toString().endsWith(TorchCheckpoint.FILE_ENDING)
                ? TorchCheckpoint.read(file) : Checkpoint.read(file);
        CheckpointHeader header = checkpoint.header();
        String architectureName = header.network().architecture();
        NetworkArchitecture architecture = architectures.get(architectureName).orElseThrow(() ->
                new IllegalStateException("no architecture '" + architectureName + "' is installed (checkpoint "
                        + file + "); installed: " + architectures.names()));
        CheckpointHeader.InitArgs init = header.initArgs();
        ConfigurationPlan configuration = init.plans().configuration(init.configuration());
        Block network = architecture.build(configuration.architecture(), header.network().inputChannels(),
                header.network().numOutputs(), false);
        int[] patch = configuration.patchSize();
        long[] dims = new long[patch.length + 2];
        dims[0] = 1;
        dims[1] = header.network().inputChannels();
        for (int d = 0; d < patch.length; d++) {
            dims[d + 2] = patch[d];
        }
        network.initialize(manager, DataType.FLOAT32, new Shape(dims));
        NetworkParameters parameters = NetworkParameters.of(network);
        Map<String, Integer> stored = new HashMap<>();
        for (int i = 0; i < header.parameters().size(); i++) {
            stored.put(header.parameters().get(i).name(), i);
        }
        try (NoGrad noGrad = NoGrad.enter(); NDScope scope = new NDScope()) {
            for (int i = 0; i < parameters.size(); i++) {
                Integer index = stored.get(parameters.names().get(i));
                if (index == null || !Arrays.equals(header.parameters().get(index).shape(), parameters.shape(i))) {
                    throw new IOException(file + " does not hold the weights of the network its plans build ("
                            + architectureName + "): " + parameters.names().get(i) + " "
                            + Arrays.toString(parameters.shape(i)) + " is " + (index == null ? "missing"
                                    : "stored as " + Arrays.toString(header.parameters().get(index).shape())));
                }
                NDArray weight = parameters.parameters().get(i).getArray();
                weight.set(new NDIndex("..."), manager.create(checkpoint.weights().get(index), weight.getShape()));
            }
        }
        return new TrainedNetwork(network, header.trainerName(), init.plans(), init.configuration(),
                init.datasetJson(), header.network().inputChannels(), header.network().numOutputs(),
                header.inferenceAllowedMirroringAxes());
    }
}
