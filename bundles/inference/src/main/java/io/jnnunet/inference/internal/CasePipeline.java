package io.jnnunet.inference.internal;

import ai.djl.ndarray.NDManager;
import io.jnnunet.api.CaseProperties;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.InstanceRecipe;
import io.jnnunet.api.ObjectScale;
import io.jnnunet.api.Plans;
import io.jnnunet.api.PreprocessedCase;
import io.jnnunet.api.Preprocessor;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.formats.NumpyStats;
import io.jnnunet.formats.ObjectDiameters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one path a case takes through a prediction, for a folder ({@link NnunetPredictor#predict}) and for a single
 * image ({@link NnunetLoadedModel#predict}): preprocessing (zoomed by the object scale), the sliding window over every
 * fold, with a measured object scale a first pass at native scale and maybe a second zoomed one, and the export. The
 * steps are separate methods so that a folder can preprocess and export on other threads; each is safe to call from
 * any thread, {@link #predict} from one at a time (the networks').
 */
final class CasePipeline {

    /** The largest zoom (and smallest, its inverse) applied: a first pass that found nonsense must not blow up. */
    static final double MAX_ZOOM = 4;

    /**
     * A prediction's instance recipe and object scale, resolved before any network runs.
     *
     * @param recipe decodes the exported instances, or {@code null} for the semantic segmentation
     * @param measuring decodes a first pass into objects to measure, or {@code null} when the zoom is known
     * @param zoom the zoom of every case when it is known, else 1 (the first pass's scale)
     */
    record Settings(InstanceRecipe recipe, Map<String, Double> instanceParameters, ObjectScale scale,
            InstanceRecipe measuring, Map<String, Double> measuringParameters, double zoom) {
    }

    /**
     * A case's final logits and the preprocessed case they belong to.
     *
     * @param zoomed the case was predicted zoomed to the training object size
     */
    record CaseLogits(PreprocessedCase pre, float[][] logits, boolean zoomed) {
    }

    /** Where a case's raw image comes from when a measured zoom asks to preprocess it again. */
    @FunctionalInterface
    interface CaseImage {
        ImageVolume read() throws IOException;
    }

    private final Preprocessor preprocessor;
    private final Plans plans;
    private final String configuration;
    private final DatasetSpec dataset;
    private final Settings settings;
    private final SlidingWindowPredictor window;
    private final PredictionExport export;

    /** @param manager where the cases' arrays are made, on the networks' device */
    CasePipeline(Preprocessor preprocessor, ImageIo imageIo, NnunetLoadedModel networks, NDManager manager,
            boolean mirroring, double stepSize, Settings settings) {
        this.preprocessor = preprocessor;
        this.plans = networks.plans();
        this.configuration = networks.configuration();
        this.dataset = networks.dataset();
        this.settings = settings;
        this.window = new SlidingWindowPredictor(networks.networks(), manager, mirroring, stepSize, networks.engine(),
                networks.precision().precision());
        this.export = new PredictionExport(preprocessor, plans, configuration, imageIo, settings.recipe(),
                settings.instanceParameters());
    }

    SlidingWindowPredictor window() {
        return window;
    }

    /** A case preprocessed at the prediction's zoom. */
    PreprocessedCase preprocess(String id, ImageVolume image) {
        return preprocess(preprocessor, id, image, settings.zoom(), plans, configuration, dataset);
    }

    /**
     * A preprocessed case through the networks; with a measured object scale, the objects of this first pass set the
     * zoom of a second one on the image preprocessed again.
     *
     * @param first the case as {@link #preprocess} gave it
     * @param caseIndex progress is counted in tiles of {@code cases} cases, this the {@code caseIndex}-th
     * @return {@code null} when cancelled
     */
    CaseLogits predict(String id, PreprocessedCase first, CaseImage image, int caseIndex, int cases,
            ProgressListener listener) throws IOException {
        float[][] nativeLogits = predict(first, "predicting", caseIndex, cases, listener);
        double zoom = settings.zoom();
        if (settings.measuring() != null && nativeLogits != null) {
            zoom = measuredZoom(id, settings.measuring().instances(export.segmentation(nativeLogits,
                    first.data().shape(), first.properties()), settings.measuringParameters()), settings.scale(),
                    listener);
        }
        PreprocessedCase pre = zoom == settings.zoom() ? first
                : preprocess(preprocessor, id, image.read(), zoom, plans, configuration, dataset);
        float[][] logits = pre == first ? nativeLogits : predict(pre, "predicting zoomed", caseIndex, cases,
                listener);
        return logits == null ? null : new CaseLogits(pre, logits, zoom != 1);
    }

    /** The exported result in the image's geometry: the semantic segmentation, or the recipe's instances. */
    ImageVolume export(CaseLogits logits) {
        return export.result(logits.logits(), logits.pre().data().shape(), logits.pre().properties(), logits.zoomed());
    }

    /** Writes {@link #export the result} to {@code file} (and the probabilities beside it); the files written. */
    List<Path> write(CaseLogits logits, Path file, String id, boolean probabilities) throws IOException {
        return export.write(logits.logits(), logits.pre().data().shape(), logits.pre().properties(), file, id,
                probabilities, logits.zoomed());
    }

    /** One pass of the window over a case, progress counted in tiles of all cases; {@code null} when cancelled. */
    private float[][] predict(PreprocessedCase pre, String task, int caseIndex, int cases,
            ProgressListener listener) {
        long tiles = window.tilePasses(pre.data().shape());
        return window.predict(pre.data().channels(), pre.data().shape(),
                done -> listener.update(task, caseIndex * tiles + done, cases * tiles), listener::cancelled);
    }

    /**
     * A case preprocessed zoomed by {@code zoom}: its in-plane spacing is scaled, so resampling to the plans' spacing
     * zooms it, and its properties keep the image's own spacing, so the export resamples back to the input's grid
     * and writes the input's geometry.
     */
    static PreprocessedCase preprocess(Preprocessor preprocessor, String id, ImageVolume image, double zoom,
            Plans plans, String configuration, DatasetSpec dataset) {
        if (zoom == 1) {
            return preprocessor.preprocessCase(id, image, null, plans, configuration, dataset);
        }
        if (!image.is2d()) {
            throw new IllegalArgumentException("case " + id + ": --object-diameter zooms 2-D images, this one has"
                    + " shape " + Arrays.toString(image.shape()));
        }
        double[] spacing = image.spacing().clone();
        spacing[1] *= zoom;
        spacing[2] *= zoom;
        PreprocessedCase pre = preprocessor.preprocessCase(id, new ImageVolume(image.shape(), spacing,
                image.sampleType(), image.channels()), null, plans, configuration, dataset);
        CaseProperties p = pre.properties();
        return new PreprocessedCase(id, pre.data(), pre.seg(), new CaseProperties(image.spacing(),
                p.shapeBeforeCropping(), p.bboxUsedForCropping(), p.shapeAfterCroppingAndBeforeResampling(),
                p.classLocations()));
    }

    /**
     * The zoom that brings the median diameter of a first pass's objects to the training median; 1 when there are
     * none or it is within {@link ObjectScale#TOLERANCE} of 1 (the first pass is kept).
     */
    static double measuredZoom(String id, ImageVolume instances, ObjectScale scale, ProgressListener listener) {
        double diameter = NumpyStats.median(ObjectDiameters.of(instances));
        if (Double.isNaN(diameter)) {
            listener.message("case " + id + ": no objects at native scale to measure; kept at native scale");
            return 1;
        }
        double zoom = limited(scale.factor(diameter), listener);
        boolean keep = Math.abs(zoom - 1) <= ObjectScale.TOLERANCE;
        listener.message(String.format(Locale.ROOT, "case %s: median object diameter %.1f px at native scale, %s",
                id, diameter, keep ? "kept" : String.format(Locale.ROOT, "predicted again zoomed by %.3f", zoom)));
        return keep ? 1 : zoom;
    }

    /** The zoom within {@link #MAX_ZOOM} of 1, told when it was limited. */
    static double limited(double zoom, ProgressListener listener) {
        double limited = Math.max(1 / MAX_ZOOM, Math.min(MAX_ZOOM, zoom));
        if (limited != zoom) {
            listener.message(String.format(Locale.ROOT, "zoom %.3f limited to %.3f", zoom, limited));
        }
        return limited;
    }
}
