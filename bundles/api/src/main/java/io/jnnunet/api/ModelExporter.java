package io.jnnunet.api;

import java.io.IOException;

/**
 * Writes a trained model folder as one file that another lab or tool installs: nnU-Net's own model zip
 * ({@value #NNUNET}, the layout of {@code nnUNetv2_export_model_to_zip}) or a bioimage.io package ({@value #BIOIMAGEIO}).
 * Registered with the property {@value #FORMAT}; the workflow, the shell and the server look an exporter up by that
 * name when they need it, so a lab's bundle can add a format.
 */
public interface ModelExporter {

    /** Service property: the format's name. */
    String FORMAT = "model.format";
    String NNUNET = "nnunet";
    String BIOIMAGEIO = "bioimageio";

    String format();

    /** One line for listings. */
    String description();

    /**
     * Writes the package atomically (a temporary name, then one rename): a failed export leaves no file at
     * {@link ModelExportRequest#output()}.
     *
     * @throws IOException naming the model folder's file that is missing or unreadable
     * @throws java.util.concurrent.CancellationException when the listener cancelled the export
     */
    ModelExport export(ModelExportRequest request, ProgressListener progress) throws IOException;
}
