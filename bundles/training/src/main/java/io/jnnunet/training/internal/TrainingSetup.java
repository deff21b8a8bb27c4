package io.jnnunet.training.internal;

import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.Plans;
import io.jnnunet.api.TrainingRequest;
import io.jnnunet.djl.Precision;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a training reads from {@code nnUNet_preprocessed/DatasetXXX}: the plans, {@code dataset.json}, the resolved
 * configuration and, from the labels, the network's outputs (nnU-Net's {@code num_segmentation_heads}: every label
 * including background, without the ignore label) and the ignore label.
 *
 * @param ignoreLabel {@code null} when the dataset has none
 */
record TrainingSetup(Path plansFile, Plans plans, Path datasetJsonFile, DatasetSpec dataset, String configurationName,
        ConfigurationPlan configuration, int inputChannels, int numOutputs, Integer ignoreLabel) {

    static TrainingSetup read(TrainingRequest request) throws IOException {
        NnunetJson json = new NnunetJson();
        Path plansFile = request.preprocessedDataset().resolve(Plans.fileName(request.plansName()));
        Plans plans = json.read(plansFile, Plans.class);
        Path datasetJsonFile = request.preprocessedDataset().resolve("dataset.json");
        DatasetSpec dataset = json.read(datasetJsonFile, DatasetSpec.class);
        ConfigurationPlan configuration = plans.configuration(request.configuration());
        if (configuration.architecture() == null || configuration.patchSize() == null
                || configuration.batchSize() == null) {
            throw new IOException(plansFile + ": configuration " + request.configuration()
                    + " lacks its architecture, patch_size or batch_size");
        }
        if (dataset.numberOfChannels() < 1) {
            throw new IOException(datasetJsonFile + " declares no channel_names");
        }
        TreeSet<Integer> labels = new TreeSet<>();
        Integer ignore = null;
        for (Map.Entry<String, Object> label : dataset.labels().entrySet()) {
            if (!(label.getValue() instanceof Number value)) {
                throw new IOException(datasetJsonFile + ": label '" + label.getKey() + "' is a region "
                        + label.getValue() + "; region-based training is not supported yet");
            }
            if (DatasetSpec.IGNORE.equals(label.getKey())) {
                ignore = value.intValue();
            } else {
                labels.add(value.intValue());
            }
        }
        if (labels.size() < 2 || labels.first() != 0 || labels.last() != labels.size() - 1) {
            throw new IOException(datasetJsonFile + ": labels must be consecutive integers from 0 (background), got "
                    + labels);
        }
        return new TrainingSetup(plansFile, plans, datasetJsonFile, dataset, request.configuration(), configuration,
                dataset.numberOfChannels(), labels.size(), ignore);
    }

    /** A schedule entry of the configuration ({@code num_epochs} ...), as the budget planner writes them. */
    Integer planned(String key) {
        return configuration.other().get(key) instanceof Number n ? n.intValue() : null;
    }

    /**
     * The wall-clock seconds the budget planner gave the training loop ({@code budget.training_seconds}; in plans
     * written before it was recorded, {@code budget_minutes} times {@code training_share}), or {@code null} for plans
     * without a time budget.
     */
    Double plannedTrainingSeconds() {
        Double seconds = budget("training_seconds");
        Double minutes = budget("budget_minutes");
        Double share = budget("training_share");
        return seconds != null ? seconds : minutes != null && share != null ? minutes * 60 * share : null;
    }

    /** The budget planner's measured seconds per training iteration of this network, or {@code null}. */
    Double plannedSecondsPerIteration() {
        return budget("seconds_per_iteration");
    }

    private Double budget(String key) {
        return configuration.other().get("budget") instanceof Map<?, ?> budget
                && budget.get(key) instanceof Number n && n.doubleValue() > 0 ? n.doubleValue() : null;
    }

    /** The configuration's {@code precision} ({@code fp32}, {@code bf16}), fp32 where the plans name none. */
    Precision plannedPrecision() {
        Object value = configuration.other().get("precision");
        return value == null ? Precision.FP32
                : Precision.parse(value.toString(), plansFile + ": configuration " + configurationName
                        + "'s precision");
    }

    /** Spatial axes of the network: 2 or 3. */
    int dimensions() {
        return configuration.patchSize().length;
    }
}
