package org.example.lab.trainer;

import io.jnnunet.api.TrainerSettings;
import io.jnnunet.api.TrainerVariant;
import org.osgi.service.component.annotations.Component;

/**
 * A lab's quick trainer for a first look at a new dataset: 30 epochs of 50 iterations (1500 iterations instead of
 * nnU-Net's 250 000) with twice nnU-Net's initial learning rate, everything else as {@code nnUNetTrainer}. Selected
 * with {@code -tr labTrainer_fast}; its models land in {@code labTrainer_fast__<plans>__<configuration>}. The plans'
 * own schedule (the compute-budget planner's) and {@code --epochs}/{@code --iterations} still take precedence.
 */
@Component(service = TrainerVariant.class, property = TrainerVariant.NAME + "=" + FastTrainerVariant.NAME)
public class FastTrainerVariant implements TrainerVariant {

    static final String NAME = "labTrainer_fast";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TrainerSettings settings(TrainerSettings defaults) {
        return defaults.withNumEpochs(30).withNumIterationsPerEpoch(50).withInitialLr(0.02);
    }
}
