package io.jnnunet.workflow.internal;

import io.jnnunet.api.ExperimentPlanner;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.fingerprint.internal.DatasetFingerprintExtractor;
import io.jnnunet.io.internal.DatasetIntegrityChecker;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.NnunetDatasetReader;
import io.jnnunet.io.internal.NnunetPathsComponent;
import io.jnnunet.io.internal.PngImageIo;
import io.jnnunet.planning.internal.DefaultExperimentPlanner;
import io.jnnunet.preprocessing.internal.DefaultPreprocessor;
import io.jnnunet.preprocessing.internal.NoNormalization;
import io.jnnunet.preprocessing.internal.ZScoreNormalization;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The stage components of the other bundles, built by hand as DS would wire them, on the repository's sample data. */
final class RealStages {

    /** The raw folder of the sample dataset {@code Dataset001_Cells}. */
    static final Path SAMPLE_RAW = Path.of("../../sample-data").toAbsolutePath().normalize();

    final NnunetDatasetReader reader = new NnunetDatasetReader();
    final ImageIoRegistry images = ImageIoRegistryComponent.of(new PngImageIo());
    final NnunetPaths paths;

    /** nnU-Net's folders: the sample data as raw, the others under {@code work}. */
    RealStages(Path work) {
        this(SAMPLE_RAW, work);
    }

    /** nnU-Net's folders: {@code raw} as raw (a test that writes datasets), the others under {@code work}. */
    RealStages(Path raw, Path work) {
        paths = new NnunetPathsComponent(new NnunetPathsComponent.Config() {
            @Override
            public String raw() {
                return raw.toString();
            }

            @Override
            public String preprocessed() {
                return work.resolve("nnUNet_preprocessed").toString();
            }

            @Override
            public String results() {
                return work.resolve("nnUNet_results").toString();
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return NnunetPathsComponent.Config.class;
            }
        });
    }

    /** The planning workflow with every stage installed, nnU-Net's default planner among them. */
    PlanAndPreprocess planning() {
        PlanAndPreprocess workflow = new PlanAndPreprocess(paths, reader, new DatasetIntegrityChecker(reader, images));
        workflow.setFingerprintExtractor(new DatasetFingerprintExtractor(reader, images));
        workflow.setPreprocessor(new DefaultPreprocessor(reader, images, List.of(new ZScoreNormalization(),
                new NoNormalization())));
        workflow.addPlanner(new DefaultExperimentPlanner(), Map.of(ExperimentPlanner.NAME, "ExperimentPlanner"));
        return workflow;
    }
}
