package io.jnnunet.inference.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.LoadedModel;
import io.jnnunet.api.Plans;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SingleImageOptions;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.PrecisionChoice;
import io.jnnunet.network.NetworkParameters;
import io.jnnunet.network.TrainedNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * The networks of a model folder's folds on their manager, with its plans and dataset.json: what a folder prediction
 * runs its cases through, and, kept open, a {@link LoadedModel} for single images. {@link #predict} and
 * {@link #close} are synchronized, so the networks run one image at a time and are not freed under a prediction.
 */
final class NnunetLoadedModel implements LoadedModel {

    /** The case id of a single image, in messages. */
    static final String IMAGE_ID = "image";

    private final NnunetPredictor predictor;
    private final ComputeEngine engine;
    private final ModelFolder model;
    private final Plans plans;
    private final DatasetSpec dataset;
    private final List<TrainedNetwork> networks;
    private final long bytes;
    private final PrecisionChoice precision;
    private NDManager manager;

    /**
     * @param predictor resolves each single image's instance recipe and object scale
     * @param engine makes each single image's manager
     * @param manager holds the networks' parameters; closed by {@link #close}
     * @param precision what the networks' passes run in
     */
    NnunetLoadedModel(NnunetPredictor predictor, ComputeEngine engine, ModelFolder model, Plans plans,
            DatasetSpec dataset, NDManager manager, List<TrainedNetwork> networks, PrecisionChoice precision) {
        this.predictor = predictor;
        this.engine = engine;
        this.model = model;
        this.plans = plans;
        this.dataset = dataset;
        this.manager = manager;
        this.networks = List.copyOf(networks);
        this.bytes = parameterBytes(networks);
        this.precision = precision;
    }

    /** The bytes of the networks' parameter arrays, each counted once however many blocks share it. */
    static long parameterBytes(List<TrainedNetwork> networks) {
        Set<Parameter> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        long bytes = 0;
        for (TrainedNetwork network : networks) {
            for (Parameter parameter : NetworkParameters.of(network.network()).parameters()) {
                if (counted.add(parameter)) {
                    NDArray array = parameter.getArray();
                    bytes += array.size() * array.getDataType().getNumOfBytes();
                }
            }
        }
        return bytes;
    }

    /** The arithmetic of the networks' passes, and why. */
    PrecisionChoice precision() {
        return precision;
    }

    /** Runs the networks' passes. */
    ComputeEngine engine() {
        return engine;
    }

    @Override
    public Path modelFolder() {
        return model.folder();
    }

    @Override
    public List<String> folds() {
        return model.folds();
    }

    @Override
    public DatasetSpec dataset() {
        return dataset;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    Plans plans() {
        return plans;
    }

    String configuration() {
        return model.configuration();
    }

    List<TrainedNetwork> networks() {
        return networks;
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public synchronized ImageVolume predict(ImageVolume image, SingleImageOptions options, ProgressListener listener)
            throws IOException {
        if (manager == null) {
            throw new IllegalStateException("the model " + model.folder() + " (folds " + folds()
                    + ") was closed: load it again to predict");
        }
        if (image.channelCount() != dataset.numberOfChannels()) {
            throw new IllegalArgumentException("the image has " + image.channelCount() + " channel(s); the model "
                    + model.folder() + " was trained on " + dataset.numberOfChannels());
        }
        // a manager of its own per image: the calling thread takes the engine's thread count, as each thread that
        // starts work must (OpenMP's count is per thread), and the image's arrays go when it is done
        try (NDManager call = engine.newManager(manager.getDevice())) {
            CasePipeline pipeline = predictor.pipeline(this, call, options, listener);
            CasePipeline.CaseLogits logits = pipeline.predict(IMAGE_ID, pipeline.preprocess(IMAGE_ID, image),
                    () -> image, 0, 1, listener);
            if (logits == null) {
                throw new CancellationException("the prediction with " + model.folder() + " was cancelled");
            }
            return pipeline.export(logits);
        }
    }

    @Override
    public synchronized void close() {
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    @Override
    public String toString() {
        return "LoadedModel[" + model.folder() + ", folds " + folds() + ", " + bytes + " bytes]";
    }
}
