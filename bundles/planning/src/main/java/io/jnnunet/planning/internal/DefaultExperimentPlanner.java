package io.jnnunet.planning.internal;

import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.ExperimentPlanner;
import io.jnnunet.api.Fingerprint;
import io.jnnunet.api.PlanningRequest;
import io.jnnunet.api.Plans;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.formats.NumpyStats;
import io.jnnunet.planning.internal.PatchAndBatchRule.PatchAndBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nnU-Net's default {@code ExperimentPlanner} ({@code plan_experiment}): target spacing and transposition, then the
 * configurations 3d_fullres (3-D data only), 3d_lowres with 3d_cascade_fullres (when the fullres patch covers less
 * than a quarter of the median image) and 2d. The rules are separate pieces; a planner variant passes another
 * {@link PlannerProfile} (the ResEnc presets) or overrides {@link #planConfiguration} and {@link #configurationPlan}.
 */
@Component(service = ExperimentPlanner.class, property = ExperimentPlanner.NAME + "=ExperimentPlanner")
public class DefaultExperimentPlanner implements ExperimentPlanner {

    public static final String CONFIG_2D = "2d";
    public static final String CONFIG_3D_FULLRES = "3d_fullres";
    public static final String CONFIG_3D_LOWRES = "3d_lowres";
    public static final String CONFIG_3D_CASCADE_FULLRES = "3d_cascade_fullres";
    public static final String PREPROCESSOR_NAME = "DefaultPreprocessor";
    public static final String LABEL_MANAGER = "LabelManager";

    /** A 3d_lowres configuration is planned while the fullres patch covers less than this of the median image. */
    static final double LOWRES_CREATION_THRESHOLD = 0.25;
    static final double LOWRES_SPACING_INCREASE = 1.03;
    /** nnU-Net's default {@code -gpu_memory_target}, which {@link PlanningRequest#of} also uses. */
    static final double DEFAULT_GPU_MEMORY_TARGET_GB = 8;

    private static final Logger LOG = LoggerFactory.getLogger(DefaultExperimentPlanner.class);

    private final PlannerProfile profile;
    private final TargetSpacingRule targetSpacingRule = new TargetSpacingRule();

    public DefaultExperimentPlanner() {
        this(PlannerProfile.experimentPlanner());
    }

    protected DefaultExperimentPlanner(PlannerProfile profile) {
        this.profile = profile;
    }

    @Override
    public String name() {
        return profile.name();
    }

    @Override
    public String description() {
        return profile.description();
    }

    @Override
    public String defaultPlansName(PlanningRequest request) {
        return profile.defaultPlansName();
    }

    @Override
    public Plans plan(PlanningRequest request) {
        validate(request);
        ProgressListener progress = request.progress() == null ? ProgressListener.NONE : request.progress();
        progress.update("planning", 0, 1);
        DatasetSpec dataset = request.dataset();
        Fingerprint fingerprint = request.fingerprint();
        String plansName = plansName(request);
        String imageReaderWriter = ImageReaderWriterRule.choose(dataset, fingerprint);
        int numberOfCases = fingerprint.shapesAfterCrop().size();

        double[] fullresSpacing = request.overwriteTargetSpacing() != null ? request.overwriteTargetSpacing().clone()
                : targetSpacingRule.fullresTargetSpacing(fingerprint);
        Transposition transposition = Transposition.of(fullresSpacing);
        double[] spacing = transposition.apply(fullresSpacing);
        double[] medianShape = transposition.apply(medianShapeAfterResampling(fingerprint, fullresSpacing));
        double voxelsDataset = product(medianShape) * numberOfCases;

        PatchAndBatch fullres = null;
        Lowres lowres = null;
        if (medianShape[0] != 1) {
            fullres = planConfiguration(request, spacing, medianShape, voxelsDataset);
            lowres = planLowres(request, spacing, medianShape, fullres, numberOfCases);
        }
        PatchAndBatch twoD = planConfiguration(request, tail(spacing), tail(medianShape), voxelsDataset);

        Map<String, ConfigurationPlan> configurations = new LinkedHashMap<>();
        configurations.put(CONFIG_2D, configurationPlan(request, profile.dataIdentifier(plansName, CONFIG_2D), twoD,
                tail(spacing), tail(medianShape), true, null));
        if (lowres != null) {
            configurations.put(CONFIG_3D_LOWRES, configurationPlan(request,
                    profile.dataIdentifier(plansName, CONFIG_3D_LOWRES), lowres.patchAndBatch(), lowres.spacing(),
                    lowres.medianShape(), false, CONFIG_3D_CASCADE_FULLRES));
        }
        if (fullres != null) {
            configurations.put(CONFIG_3D_FULLRES, configurationPlan(request,
                    profile.dataIdentifier(plansName, CONFIG_3D_FULLRES), fullres, spacing, medianShape,
                    lowres != null, null));
        }
        if (lowres != null) {
            configurations.put(CONFIG_3D_CASCADE_FULLRES, new ConfigurationPlan(CONFIG_3D_FULLRES, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, CONFIG_3D_LOWRES,
                    null, null));
        }

        double[] originalMedianShape = transposition.apply(
                NumpyStats.medianPerAxis(NumpyStats.asDoubles(fingerprint.shapesAfterCrop())));
        Plans plans = new Plans(request.datasetName(), plansName,
                transposition.apply(NumpyStats.medianPerAxis(fingerprint.spacings())),
                Arrays.stream(originalMedianShape).mapToInt(v -> (int) Math.rint(v)).toArray(),
                imageReaderWriter, transposition.forward(), transposition.backward(),
                configurations, profile.name(), LABEL_MANAGER,
                fingerprint.foregroundIntensityPropertiesPerChannel(), null);
        progress.update("planning", 1, 1);
        return plans;
    }

    /**
     * Plans the patch, topology and batch size of one configuration with this planner's profile.
     *
     * @param spacing the configuration's transposed target spacing (2 or 3 axes)
     * @param medianShape the median shape at that spacing
     * @param approximateVoxelsDataset the voxel count the 5 % batch cap refers to
     */
    protected PatchAndBatch planConfiguration(PlanningRequest request, double[] spacing, double[] medianShape,
            double approximateVoxelsDataset) {
        return profile.patchAndBatchRule(gpuMemoryTargetGb(request))
                .plan(spacing, medianShape, approximateVoxelsDataset, request.dataset().labels().size());
    }

    /**
     * One configuration of the plans with nnU-Net's keys: the planned patch and network plus the normalisation and
     * resampling entries. Its {@code other} map is a fresh one a variant may add keys to.
     *
     * @param nextStage {@code next_stage}, or {@code null}
     */
    protected ConfigurationPlan configurationPlan(PlanningRequest request, String dataIdentifier,
            PatchAndBatch planned, double[] spacing, double[] medianShape, boolean batchDice, String nextStage) {
        NormalizationRule.Choice normalization = NormalizationRule.choose(request.dataset(), request.fingerprint());
        ResamplingRule resampling = ResamplingRule.defaults();
        return new ConfigurationPlan(null, dataIdentifier, PREPROCESSOR_NAME, planned.batchSize(),
                planned.patchSize(), medianShape.clone(), spacing.clone(), normalization.normalizationSchemes(),
                normalization.useMaskForNorm(), resampling.fnData(), resampling.fnSeg(), resampling.fnDataKwargs(),
                resampling.fnSegKwargs(), resampling.fnProbabilities(), resampling.fnProbabilitiesKwargs(),
                planned.architecture(), batchDice, null, nextStage, new LinkedHashMap<>());
    }

    /**
     * The GPU memory to plan for. {@link PlanningRequest#of} always says 8 GB, nnU-Net's default; for a preset made
     * for a larger GPU that stands for "not given", as nnU-Net's own default is then the preset's.
     */
    protected double gpuMemoryTargetGb(PlanningRequest request) {
        double requested = request.gpuMemoryTargetGb();
        if (!(requested > 0) || Double.isInfinite(requested) || requested == DEFAULT_GPU_MEMORY_TARGET_GB) {
            return profile.defaultGpuMemoryTargetGb();
        }
        if (requested != profile.defaultGpuMemoryTargetGb()) {
            LOG.info("{} plans for {} GB of GPU memory instead of its default {} GB", profile.name(), requested,
                    profile.defaultGpuMemoryTargetGb());
        }
        return requested;
    }

    private String plansName(PlanningRequest request) {
        String requested = request.plansName();
        return requested == null || requested.isBlank() ? defaultPlansName(request) : requested;
    }

    /** 3d_lowres: a coarser spacing, raised 3 % at a time, until the patch covers a quarter of the median image. */
    private record Lowres(double[] spacing, double[] medianShape, PatchAndBatch patchAndBatch) {
    }

    private Lowres planLowres(PlanningRequest request, double[] fullresSpacing, double[] fullresMedian,
            PatchAndBatch fullres, int numberOfCases) {
        double medianVoxels = product(fullresMedian);
        double patchVoxels = product(fullres.patchSize());
        double[] spacing = fullresSpacing.clone();
        Lowres lowres = null;
        while (patchVoxels / medianVoxels < LOWRES_CREATION_THRESHOLD) {
            coarsen(spacing);
            double[] median = new double[spacing.length];
            for (int d = 0; d < spacing.length; d++) {
                median[d] = fullresSpacing[d] / spacing[d] * fullresMedian[d];
            }
            medianVoxels = product(median);
            double[] rounded = Arrays.stream(median).map(Math::rint).toArray();
            PatchAndBatch planned = planConfiguration(request, spacing.clone(), rounded, medianVoxels * numberOfCases);
            lowres = new Lowres(spacing.clone(), rounded, planned);
            patchVoxels = product(planned.patchSize());
            LOG.debug("3d_lowres attempt: spacing {}, patch {}, median shape {}", Arrays.toString(spacing),
                    Arrays.toString(planned.patchSize()), Arrays.toString(median));
        }
        if (lowres != null && product(fullresMedian) / medianVoxels < 2) {
            LOG.info("Dropping 3d_lowres config because the image size difference to 3d_fullres is too small. "
                    + "3d_fullres: {}, 3d_lowres: {}", Arrays.toString(fullresMedian),
                    Arrays.toString(lowres.medianShape()));
            return null;
        }
        return lowres;
    }

    /** Anisotropic axes (over 2x finer than the coarsest) are coarsened first; once none is, all axes are. */
    private static void coarsen(double[] spacing) {
        double max = Arrays.stream(spacing).max().orElseThrow();
        boolean[] anisotropic = new boolean[spacing.length];
        boolean any = false;
        for (int d = 0; d < spacing.length; d++) {
            anisotropic[d] = max / spacing[d] > 2;
            any |= anisotropic[d];
        }
        for (int d = 0; d < spacing.length; d++) {
            if (anisotropic[d] || !any) {
                spacing[d] *= LOWRES_SPACING_INCREASE;
            }
        }
    }

    /** Per case {@code round(spacing / target * shape)} ({@code compute_new_shape}), then the per-axis median. */
    private static double[] medianShapeAfterResampling(Fingerprint fingerprint, double[] targetSpacing) {
        List<double[]> newShapes = new ArrayList<>();
        for (int c = 0; c < fingerprint.spacings().size(); c++) {
            double[] caseSpacing = fingerprint.spacings().get(c);
            int[] shape = fingerprint.shapesAfterCrop().get(c);
            double[] newShape = new double[shape.length];
            for (int d = 0; d < shape.length; d++) {
                newShape[d] = Math.rint(caseSpacing[d] / targetSpacing[d] * shape[d]);
            }
            newShapes.add(newShape);
        }
        return NumpyStats.medianPerAxis(newShapes);
    }

    private static void validate(PlanningRequest request) {
        if (request == null || request.fingerprint() == null) {
            throw new IllegalArgumentException("cannot plan without a dataset fingerprint");
        }
        String dataset = request.datasetName();
        Fingerprint fingerprint = request.fingerprint();
        List<double[]> spacings = fingerprint.spacings();
        List<int[]> shapes = fingerprint.shapesAfterCrop();
        if (spacings == null || shapes == null || spacings.isEmpty()) {
            throw new IllegalArgumentException("the fingerprint of " + dataset + " has no cases; extract it from a "
                    + "dataset with training cases");
        }
        if (spacings.size() != shapes.size()) {
            throw new IllegalArgumentException("the fingerprint of " + dataset + " has " + spacings.size()
                    + " spacings but " + shapes.size() + " shapes_after_crop; extract it again");
        }
        for (int c = 0; c < spacings.size(); c++) {
            double[] spacing = spacings.get(c);
            int[] shape = shapes.get(c);
            if (spacing == null || spacing.length != 3 || Arrays.stream(spacing).anyMatch(v -> !(v > 0))
                    || Arrays.stream(spacing).anyMatch(Double::isInfinite)) {
                throw new IllegalArgumentException("the fingerprint of " + dataset + " has an invalid spacing for case "
                        + c + ": " + Arrays.toString(spacing) + "; it must be 3 positive numbers");
            }
            if (shape == null || shape.length != 3 || Arrays.stream(shape).anyMatch(v -> v <= 0)) {
                throw new IllegalArgumentException("the fingerprint of " + dataset + " has an invalid shape for case "
                        + c + ": " + Arrays.toString(shape) + "; it must be 3 positive sizes");
            }
        }
        DatasetSpec spec = request.dataset();
        if (spec == null) {
            throw new IllegalArgumentException("cannot plan " + dataset + " without its dataset.json");
        }
        if (spec.labels() == null || spec.labels().isEmpty()) {
            throw new IllegalArgumentException("dataset.json of " + dataset + " has no labels");
        }
        if (spec.channelNames() == null || spec.channelNames().isEmpty()) {
            throw new IllegalArgumentException("dataset.json of " + dataset + " has no channel_names");
        }
        double[] overwrite = request.overwriteTargetSpacing();
        if (overwrite != null && (overwrite.length != 3 || Arrays.stream(overwrite).anyMatch(v -> !(v > 0))
                || Arrays.stream(overwrite).anyMatch(Double::isInfinite))) {
            throw new IllegalArgumentException("overwrite_target_spacing must be 3 positive numbers, got "
                    + Arrays.toString(overwrite));
        }
    }

    private static double[] tail(double[] values) {
        return Arrays.copyOfRange(values, 1, values.length);
    }

    private static double product(double[] values) {
        double product = 1;
        for (double v : values) {
            product *= v;
        }
        return product;
    }

    private static double product(int[] values) {
        double product = 1;
        for (int v : values) {
            product *= v;
        }
        return product;
    }
}
