package io.jnnunet.inference.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.formats.CheckpointHeader;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The package's {@code README.md}, written from the model folder: what the network is, what it was trained on, its
 * validation scores, and what of nnU-Net's prediction the package does not hold.
 *
 * @param summary the fold's {@code validation/summary.json}, or {@code null} when it has none
 */
record BioimageioReadme(String name, String datasetFolder, DatasetSpec dataset, String plansName,
        String configuration, ConfigurationPlan plan, CheckpointHeader header, String fold, String checkpoint,
        JsonNode summary, String testCase, String license, String datasetLicence) {

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(name).append("\n\n");
        md.append("A U-Net trained by nnU-Net's method (").append(header.trainerName()).append(", plans ")
                .append(plansName).append(", configuration ").append(configuration).append(", fold ").append(fold)
                .append(", ").append(checkpoint).append(") on ").append(datasetFolder)
                .append(", packaged for bioimage.io by jnnunet.\n\n");
        md.append("## Training data\n\n");
        line(md, "Dataset", dataset.name() == null ? datasetFolder : dataset.name() + " (" + datasetFolder + ")");
        line(md, "Description", dataset.description());
        line(md, "Training cases", dataset.numTraining() == null ? null : String.valueOf(dataset.numTraining()));
        line(md, "Channels", String.join(", ", BioimageioDescription.channelNames(dataset)));
        line(md, "Labels", dataset.labels().toString());
        line(md, "Reference", dataset.reference());
        line(md, "Licence of the data", dataset.licence());
        md.append("\n## Network and preprocessing\n\n");
        line(md, "Network", plan.architecture().networkClassName() + ", " + plan.architecture().archKwargs().nStages()
                + " stages, features " + Arrays.toString(plan.architecture().archKwargs().featuresPerStage()));
        line(md, "Patch size (training)", Arrays.toString(plan.patchSize()));
        line(md, "Batch size (training)", plan.batchSize() == null ? null : String.valueOf(plan.batchSize()));
        line(md, "Spacing", Arrays.toString(plan.spacing()));
        line(md, "Normalisation", plan.normalizationSchemes().toString());
        line(md, "Epochs trained", String.valueOf(header.currentEpoch()));
        md.append("\n## Validation\n\n");
        validation(md);
        md.append("\n## How to use it, and what it does not do\n\n");
        md.append("The package runs the network once on the whole input tensor (an image at the plans' spacing, its "
                + "sides `min + n * step` as the input's axes say) and gives its logits. nnU-Net predicts "
                + "differently, and those steps are NOT part of this package:\n\n"
                + "- no sliding window: nnU-Net predicts patches of " + Arrays.toString(plan.patchSize())
                + " with half a patch of overlap, weighted by a Gaussian, and pads small images; here the network "
                + "sees the tensor it is given, so results near the borders and on images much larger than the "
                + "patch differ from nnU-Net's;\n"
                + "- no test-time augmentation: nnU-Net averages the network over mirrored copies of each patch;\n"
                + "- no cropping to the non-zero region, no resampling: give images at the spacing above;\n"
                + "- no softmax or argmax, no postprocessing, no instances: apply softmax over the channel axis for "
                + "nnU-Net's probabilities, argmax for its labels.\n\n"
                + "For nnU-Net's own prediction, use the model folder with nnU-Net or jnnunet "
                + "(`nnunet:predict`).\n\n");
        md.append("The test tensors are " + (testCase == null ? "a crop of a training image" : "a crop of case `"
                + testCase + "`") + " and the network's logits on it, computed by jnnunet (DJL's PyTorch engine).\n\n");
        md.append("## Licence and authors\n\n");
        md.append("The package says licence `").append(license).append("`: ")
                .append(datasetLicence == null ? "dataset.json names no licence, so jnnunet's default."
                        : license.equals(BioimageioDescription.spdxLicense(datasetLicence))
                                ? "the licence of the training data (dataset.json: " + datasetLicence + ")."
                                : "dataset.json's licence (" + datasetLicence + ") is no SPDX id, so jnnunet's"
                                        + " default.")
                .append(" The authors in `bioimageio.yaml` are a placeholder: jnnunet does not know who trained the"
                        + " model. Edit both before sharing the package (the yaml's checksums cover the other files,"
                        + " not the yaml).\n\n");
        md.append("## Cite\n\nIsensee, F., Jaeger, P. F., Kohl, S. A. A., Petersen, J., Maier-Hein, K. H. (2021). "
                + "nnU-Net: a self-configuring method for deep learning-based biomedical image segmentation. "
                + "Nature Methods 18, 203-211. https://doi.org/10.1038/s41592-020-01008-z\n");
        return md.toString();
    }

    /** nnU-Net's summary.json of the fold's validation: the foreground mean and each label's Dice and IoU. */
    private void validation(StringBuilder md) {
        if (summary == null || !summary.has("mean")) {
            md.append("The fold has no `validation/summary.json`: it was not validated.\n");
            return;
        }
        int cases = summary.path("metric_per_case").size();
        md.append("nnU-Net's final validation of fold ").append(fold).append(" (").append(cases)
                .append(" held-out training cases, sliding window with mirroring), from `fold_").append(fold)
                .append("/validation/summary.json`:\n\n| label | Dice | IoU |\n| --- | --- | --- |\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = summary.get("mean").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> label = it.next();
            md.append("| ").append(label.getKey()).append(" | ").append(score(label.getValue(), "Dice"))
                    .append(" | ").append(score(label.getValue(), "IoU")).append(" |\n");
        }
        JsonNode foreground = summary.path("foreground_mean");
        if (!foreground.isMissingNode()) {
            md.append("| foreground mean | ").append(score(foreground, "Dice")).append(" | ")
                    .append(score(foreground, "IoU")).append(" |\n");
        }
    }

    private static String score(JsonNode metrics, String name) {
        JsonNode value = metrics.path(name);
        return value.isNumber() ? String.format(Locale.ROOT, "%.4f", value.asDouble()) : "-";
    }

    private static void line(StringBuilder md, String what, String value) {
        if (value != null && !value.isBlank()) {
            md.append("- ").append(what).append(": ").append(value).append('\n');
        }
    }
}
