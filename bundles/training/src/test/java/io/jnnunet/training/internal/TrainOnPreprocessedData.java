package io.jnnunet.training.internal;

import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.TrainingRequest;
import io.jnnunet.api.TrainingResult;
import io.jnnunet.architectures.internal.PlainConvUNetArchitecture;
import io.jnnunet.architectures.internal.ResidualEncoderUNetArchitecture;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Trains a fold of a preprocessed dataset outside OSGi, printing nnU-Net's log lines, e.g. on the demo's sample data:
 * {@code TrainOnPreprocessedData demo-run/nnUNet_preprocessed/Dataset001_Cells /tmp/fold_0 nnUNetPlans_budget10min 2d
 * 0 2 20} (dataset, fold folder, plans, configuration, fold, then optionally epochs and iterations per epoch).
 */
public final class TrainOnPreprocessedData {

    private TrainOnPreprocessedData() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 5) {
            System.err.println("usage: PREPROCESSED_DATASET FOLD_FOLDER PLANS CONFIGURATION FOLD [EPOCHS [ITERATIONS]]"
                    + " [--c]");
            System.exit(2);
        }
        boolean continueTraining = args[args.length - 1].equals("--c");
        int positional = continueTraining ? args.length - 1 : args.length;
        TrainingRequest request = new TrainingRequest(Path.of(args[0]), Path.of(args[1]), "nnUNetTrainer", args[2],
                args[3], args[4], continueTraining, positional > 5 ? Integer.valueOf(args[5]) : null,
                positional > 6 ? Integer.valueOf(args[6]) : null, "auto", null, null);
        NnunetTrainer trainer = new NnunetTrainer(TestEngine.create());
        trainer.addArchitecture(new PlainConvUNetArchitecture(), java.util.Map.of());
        trainer.addArchitecture(new ResidualEncoderUNetArchitecture(), java.util.Map.of());
        NnunetTrainerVariants.variants().forEach(v -> trainer.addVariant(v, java.util.Map.of()));
        TrainingResult result = trainer.train(request, new ProgressListener() {
            @Override
            public void message(String line) {
                System.out.println(line);
            }
        });
        System.out.println(result);
    }
}
