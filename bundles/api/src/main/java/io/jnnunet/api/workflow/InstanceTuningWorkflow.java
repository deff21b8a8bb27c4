package io.jnnunet.api.workflow;

import io.jnnunet.api.InstanceTuner;
import io.jnnunet.api.ProgressListener;
import java.io.IOException;

/**
 * Tunes a model's instance recipe on the validation predictions of its folds against the raw dataset's
 * {@code labelsTr_instances}, and stores the parameters in the model folder ({@value InstanceTuner#FILE_NAME}),
 * where predict with instances finds them.
 */
public interface InstanceTuningWorkflow {

    /**
     * @throws IllegalArgumentException naming the fold or folder when there is nothing to tune on
     * @throws IllegalStateException when no tuner is installed
     */
    InstanceTuner.InstanceTuning tuneInstances(TuneInstancesRequest request, ProgressListener progress)
            throws IOException;
}
