package io.jnnunet.api.workflow;

import io.jnnunet.api.ModelExport;
import io.jnnunet.api.ProgressListener;
import java.io.IOException;
import java.util.List;

/**
 * Models that travel: a trained model folder exported through the {@link io.jnnunet.api.ModelExporter} of the
 * request's format (nnU-Net's model zip, a bioimage.io package), and, in the same service, the install of nnU-Net
 * model zips and the listing of installed models.
 */
public interface ModelExchangeWorkflow {

    /** The {@link io.jnnunet.api.JobRunner#TYPE} of export jobs. */
    String EXPORT_JOB_TYPE = "export-model";
    /** The {@link io.jnnunet.api.JobRunner#TYPE} of install jobs. */
    String INSTALL_JOB_TYPE = "install-model";

    /**
     * Resolves the model folder ({@code nnUNet_results}) and writes the package.
     *
     * @throws IllegalArgumentException when no exporter of the format is installed
     * @throws IOException naming the folder or file that is missing or unreadable
     */
    ModelExport export(ExportModelRequest request, ProgressListener progress) throws IOException;

    /**
     * Unpacks a model zip into {@code nnUNet_results}: every entry checked (no path out of the results folder, the
     * zip's CRC-32s, the sha256 of a {@code checksums.sha256} where the zip has one, each model folder complete),
     * unpacked under a hidden name and renamed into place; on a refusal nothing of the zip is left.
     *
     * @return the model folders it installed
     * @throws IllegalArgumentException naming the file inside the zip that is damaged, unsafe or missing, or the
     *     model folder that is installed already (without {@link InstallModelRequest#overwrite()})
     * @throws IOException when the zip cannot be read or the results folder cannot be written
     */
    List<InstalledModel> install(InstallModelRequest request, ProgressListener progress) throws IOException;

    /** The model folders under {@code nnUNet_results} with a fold checkpoint, each with its origin. */
    List<InstalledModel> models() throws IOException;
}
