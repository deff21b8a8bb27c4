package io.jnnunet.api.workflow;

import io.jnnunet.api.ModelExport;
import io.jnnunet.api.ProgressListener;
import java.io.IOException;

/**
 * Models that travel: a trained model folder exported through the {@link io.jnnunet.api.ModelExporter} of the
 * request's format (nnU-Net's model zip, a bioimage.io package), and, in the same service, the install of nnU-Net
 * model zips and the listing of installed models.
 */
public interface ModelExchangeWorkflow {

    /**
     * Resolves the model folder ({@code nnUNet_results}) and writes the package.
     *
     * @throws IllegalArgumentException when no exporter of the format is installed
     * @throws IOException naming the folder or file that is missing or unreadable
     */
    ModelExport export(ExportModelRequest request, ProgressListener progress) throws IOException;
}
