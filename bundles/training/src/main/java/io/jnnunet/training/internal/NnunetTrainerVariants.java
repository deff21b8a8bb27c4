package io.jnnunet.training.internal;

import io.jnnunet.api.TrainerSettings;
import io.jnnunet.api.TrainerVariant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.function.UnaryOperator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * nnU-Net's trainer variants that labs use ({@code nnunetv2/training/nnUNetTrainer/variants}), each registered as a
 * {@link TrainerVariant} service of its own with {@value TrainerVariant#NAME} and ranking 0, so that {@code -tr} finds
 * it and a lab's bundle can override one by name. They differ only in data, so one component registers them all
 * instead of a component class per variant.
 */
@Component(service = {}, immediate = true)
public class NnunetTrainerVariants {

    /** The built-in variants: a name and how it changes nnU-Net's settings. */
    record Variant(String name, UnaryOperator<TrainerSettings> change) implements TrainerVariant {
        @Override
        public TrainerSettings settings(TrainerSettings defaults) {
            return change.apply(defaults);
        }
    }

    /** {@code nnUNetTrainer_Xepochs} ({@code training_length/nnUNetTrainer_Xepochs.py}). */
    private static final int[] EPOCHS = {1, 5, 10, 20, 50, 100, 250, 300, 500, 750, 2000, 4000, 8000};
    /** {@code nnUNetTrainer_Xepochs_NoMirroring} ({@code training_length/nnUNetTrainer_Xepochs_NoMirroring.py}). */
    private static final int[] EPOCHS_NO_MIRRORING = {250, 2000, 4000, 8000};

    private final List<ServiceRegistration<TrainerVariant>> registrations = new ArrayList<>();

    @Activate
    public NnunetTrainerVariants(BundleContext context) {
        for (TrainerVariant variant : variants()) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(TrainerVariant.NAME, variant.name());
            registrations.add(context.registerService(TrainerVariant.class, variant, properties));
        }
    }

    @Deactivate
    void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
    }

    /** Every built-in variant, {@code nnUNetTrainer} (nnU-Net's settings unchanged) first. */
    static List<TrainerVariant> variants() {
        List<TrainerVariant> variants = new ArrayList<>();
        variants.add(new Variant(NnunetTrainer.NAME, UnaryOperator.identity()));
        for (int epochs : EPOCHS) {
            variants.add(new Variant(NnunetTrainer.NAME + "_" + epochs + (epochs == 1 ? "epoch" : "epochs"),
                    s -> s.withNumEpochs(epochs)));
        }
        for (int epochs : EPOCHS_NO_MIRRORING) {
            variants.add(new Variant(NnunetTrainer.NAME + "_" + epochs + "epochs_NoMirroring",
                    s -> s.withNumEpochs(epochs).withMirroring(false)));
        }
        variants.add(new Variant("nnUNetTrainerNoMirroring", s -> s.withMirroring(false)));
        variants.add(new Variant("nnUNetTrainerDiceCELoss_noSmooth", s -> s.withDiceSmooth(0)));
        variants.add(new Variant("nnUNetTrainerNoDeepSupervision", s -> s.withEnableDeepSupervision(false)));
        return List.copyOf(variants);
    }
}
