package io.jnnunet.shell.internal;

import io.jnnunet.api.workflow.RunTrainingRequest;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;

/**
 * A command on one trained model, named as nnU-Net names it: {@code -d DATASET -c CONFIGURATION [-p PLANS]
 * [-tr TRAINER]}, i.e. {@code nnUNet_results/DatasetXXX/<trainer>__<plans>__<configuration>}.
 */
abstract class ModelFolderCommand implements Action {

    @Option(name = "-d", aliases = "--dataset", required = true, description = "dataset id, name or raw folder")
    @Completion(DatasetCompleter.class)
    String dataset;

    @Option(name = "-c", aliases = "--configuration", required = true, description = "2d, 3d_fullres, ...")
    String configuration;

    @Option(name = "-p", aliases = "--plans", description = "plans identifier (default nnUNetPlans)")
    String plans = RunTrainingRequest.DEFAULT_PLANS;

    @Option(name = "-tr", aliases = "--trainer", description = "trainer (default nnUNetTrainer)")
    String trainer = RunTrainingRequest.DEFAULT_TRAINER;
}
