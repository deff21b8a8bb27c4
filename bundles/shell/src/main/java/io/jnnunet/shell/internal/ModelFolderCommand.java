package io.jnnunet.shell.internal;

import io.jnnunet.api.NnunetPaths;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * A command on one trained model, named as nnU-Net names it: {@code -d DATASET -c CONFIGURATION [-p PLANS]
 * [-tr TRAINER]}, i.e. {@code nnUNet_results/DatasetXXX/<trainer>__<plans>__<configuration>}.
 */
abstract class ModelFolderCommand implements Action {

    @Reference
    NnunetPaths paths;

    @Option(name = "-d", aliases = "--dataset", required = true, description = "dataset id, name or raw folder")
    @Completion(DatasetCompleter.class)
    String dataset;

    @Option(name = "-c", aliases = "--configuration", required = true, description = "2d, 3d_fullres, ...")
    String configuration;

    @Option(name = "-p", aliases = "--plans", description = "plans identifier (default nnUNetPlans)")
    String plans = "nnUNetPlans";

    @Option(name = "-tr", aliases = "--trainer", description = "trainer (default nnUNetTrainer)")
    String trainer = "nnUNetTrainer";

    /** The dataset's raw folder. */
    Path rawDataset() {
        return paths.rawDataset(dataset);
    }

    /** The model folder in {@code nnUNet_results}. */
    Path modelFolder() {
        return paths.results().resolve(rawDataset().getFileName().toString())
                .resolve(trainer + "__" + plans + "__" + configuration);
    }
}
