package io.jnnunet.api;

/**
 * A trainer variant as nnU-Net's {@code nnUNetTrainer} subclasses are ({@code nnUNetTrainer_250epochs},
 * {@code nnUNetTrainerNoMirroring}, a lab's own): a name that {@code -tr} selects ({@link TrainingRequest#trainer()})
 * and the hyper-parameters it trains with. Registered with the property {@value #NAME}; among services of one name the
 * highest {@code service.ranking} wins (see {@link NamedServices}), so a lab's bundle can also replace a built-in one.
 * The name is recorded as {@code trainer_name} in the checkpoints and names the model folder
 * {@code <trainer>__<plans>__<configuration>}.
 */
public interface TrainerVariant {

    /** Service property: the variant's name, e.g. {@code nnUNetTrainer_250epochs}. */
    String NAME = "trainer.variant";

    String name();

    /**
     * The settings of this variant.
     *
     * @param defaults nnU-Net's ({@link TrainerSettings#defaults()})
     */
    TrainerSettings settings(TrainerSettings defaults);
}
