package io.jnnunet.preprocessing.internal;

import io.jnnunet.api.CaseProperties;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.DatasetCase;
import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.IntensityProperties;
import io.jnnunet.api.InvalidImageException;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.Normalization;
import io.jnnunet.api.Plans;
import io.jnnunet.api.PreprocessedCase;
import io.jnnunet.api.Preprocessor;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SampleType;
import io.jnnunet.formats.AtomicFiles;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.formats.NonzeroCrop;
import io.jnnunet.formats.NpyArrays;
import io.jnnunet.formats.PreprocessedCaseFiles;
import io.jnnunet.formats.Transposition;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * nnU-Net's {@code DefaultPreprocessor} (reference section 4): per case transpose, crop to non-zero, normalise each
 * channel with the scheme the plans name, resample image and segmentation to the configuration's spacing and sample
 * the foreground locations; per dataset, the cases of {@code imagesTr} into {@code <data_identifier>/} in the layout
 * of {@link PreprocessedCaseFiles} ({@code .npy} arrays and JSON properties instead of nnU-Net's Blosc2 and pickle).
 *
 * <p>The normalisation schemes are the {@link Normalization} services, looked up by name when a case is normalised
 * (the highest-ranked of a name, so a lab's bundle can replace a built-in scheme).
 */
@Component(service = Preprocessor.class, property = "preprocessor.name=DefaultPreprocessor")
public class DefaultPreprocessor implements Preprocessor {

    /** The folder of label copies that validation reads, as nnU-Net's {@code nnUNetv2_preprocess} fills it. */
    static final String GT_SEGMENTATIONS = "gt_segmentations";
    private static final int[] NO_TRANSPOSE = {0, 1, 2};

    private final DatasetReader datasetReader;
    private final ImageIoRegistry imageIos;
    private final NamedServices<Normalization> normalizations =
            new NamedServices<>("normalization scheme", Normalization.NAME, Normalization::name);
    private final NnunetJson json = new NnunetJson();

    @Activate
    public DefaultPreprocessor(@Reference(name = "datasetReader") DatasetReader datasetReader,
            @Reference(name = "imageIos") ImageIoRegistry imageIos) {
        this.datasetReader = datasetReader;
        this.imageIos = imageIos;
    }

    /** A preprocessor with the given normalisation schemes, for use outside OSGi. */
    public DefaultPreprocessor(DatasetReader datasetReader, ImageIoRegistry imageIos,
            List<Normalization> normalizations) {
        this(datasetReader, imageIos);
        normalizations.forEach(this.normalizations::add);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeNormalization")
    void addNormalization(Normalization normalization, Map<String, Object> properties) {
        normalizations.add(normalization, properties);
    }

    void removeNormalization(Normalization normalization) {
        normalizations.remove(normalization);
    }

    @Override
    public PreprocessedCase preprocessCase(String id, ImageVolume image, ImageVolume seg, Plans plans,
            String configuration, DatasetSpec dataset) {
        ConfigurationPlan plan = plans.configuration(configuration);
        DefaultResampling.Settings dataResampling = resamplingSettings(plan.resamplingFnData(),
                plan.resamplingFnDataKwargs());
        DefaultResampling.Settings segResampling = resamplingSettings(plan.resamplingFnSeg(),
                plan.resamplingFnSegKwargs());
        int[] forward = plans.transposeForward();
        ImageVolume transposed = Transposition.transpose(image, forward);
        NonzeroCrop.Result cropped = NonzeroCrop.crop(transposed,
                seg == null ? null : Transposition.transpose(seg, forward));
        int[] croppedShape = cropped.data().shape();
        double[] spacing = transposed.spacing();
        double[] targetSpacing = targetSpacing(plan.spacing(), spacing);
        int[] newShape = DefaultResampling.computeNewShape(croppedShape, spacing, targetSpacing);

        // before resampling, so that the non-zero mask still fits the image
        normalize(cropped, plan, plans.foregroundIntensityPropertiesPerChannel());
        float[][] channels = new float[cropped.data().channelCount()][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = DefaultResampling.resample(cropped.data().channel(c), croppedShape, newShape, spacing,
                    targetSpacing, dataResampling);
        }
        short[] newSeg = null;
        Map<String, int[][]> classLocations = null;
        if (seg != null) {
            newSeg = DefaultResampling.resample(cropped.seg(), croppedShape, newShape, spacing, targetSpacing,
                    segResampling);
            classLocations = ForegroundLocations.sample(newSeg, newShape,
                    ForegroundLocations.classesToSample(dataset));
        }
        CaseProperties properties = new CaseProperties(image.spacing().clone(), transposed.shape(), cropped.bbox(),
                croppedShape, classLocations);
        return new PreprocessedCase(id, new ImageVolume(newShape, targetSpacing, SampleType.FLOAT32, channels),
                newSeg, properties);
    }

    @Override
    public float[][] resampleLogits(float[][] logits, int[] shape, CaseProperties properties, Plans plans,
            String configuration) {
        int[] target = properties.shapeAfterCroppingAndBeforeResampling();
        if (Arrays.equals(shape, target)) {
            return logits;
        }
        ConfigurationPlan plan = plans.configuration(configuration);
        DefaultResampling.Settings settings = resamplingSettings(plan.resamplingFnProbabilities(),
                plan.resamplingFnProbabilitiesKwargs());
        int[] forward = plans.transposeForward() == null ? NO_TRANSPOSE : plans.transposeForward();
        double[] originalSpacing = new double[3];
        for (int j = 0; j < 3; j++) {
            originalSpacing[j] = properties.spacing()[forward[j]];
        }
        double[] currentSpacing = targetSpacing(plan.spacing(), originalSpacing);
        float[][] resampled = new float[logits.length][];
        for (int c = 0; c < logits.length; c++) {
            resampled[c] = DefaultResampling.resample(logits[c], shape, target, currentSpacing, originalSpacing,
                    settings);
        }
        return resampled;
    }

    /**
     * Writes every training case, at most {@code workers} at a time (each worker holds one case), into a hidden
     * sibling folder that replaces {@code <data_identifier>/} once all cases succeeded; then refreshes
     * {@value #GT_SEGMENTATIONS}/.
     */
    @Override
    public Path preprocessDataset(Path rawDataset, Path preprocessedDataset, Plans plans, String configuration,
            int workers, ProgressListener progress) throws IOException {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        DatasetSpec spec = datasetReader.readDatasetJson(rawDataset);
        if (spec.fileEnding() == null) {
            throw new IOException(rawDataset.resolve(DatasetReader.DATASET_JSON) + " has no file_ending");
        }
        List<DatasetCase> cases = datasetReader.trainingCases(rawDataset, spec);
        ImageIo io = imageIos.require(spec.fileEnding());
        String dataIdentifier = plans.configuration(configuration).dataIdentifier();
        if (dataIdentifier == null) {
            throw new IllegalArgumentException("configuration " + configuration + " of plans " + plans.plansName()
                    + " has no data_identifier");
        }
        Path output = preprocessedDataset.resolve(dataIdentifier);
        boolean createdParent = !Files.isDirectory(preprocessedDataset);
        Files.createDirectories(preprocessedDataset);
        // not createTempDirectory: that would give the folder owner-only permissions
        Path staging = Files.createDirectory(
                preprocessedDataset.resolve("." + dataIdentifier + ".tmp-" + UUID.randomUUID()));
        try {
            runCases(cases, workers, "preprocessing " + configuration, progress,
                    c -> saveCase(c, io, plans, configuration, spec, staging));
            AtomicFiles.replaceFolder(staging, output);
        } catch (IOException | RuntimeException e) {
            try {
                AtomicFiles.deleteRecursively(staging);
                if (createdParent) {
                    deleteIfEmpty(preprocessedDataset);
                }
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        copyGroundTruth(cases, preprocessedDataset.resolve(GT_SEGMENTATIONS), spec.fileEnding());
        return output;
    }

    /** The work on one case, run by a worker. */
    @FunctionalInterface
    private interface CaseTask {
        void run(DatasetCase c) throws IOException;
    }

    private static void runCases(List<DatasetCase> cases, int workers, String task, ProgressListener progress,
            CaseTask work) throws IOException {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(workers, cases.size())), r -> {
            Thread t = new Thread(r, "jnnunet-preprocessing-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        CompletionService<DatasetCase> done = new ExecutorCompletionService<>(pool);
        try {
            for (DatasetCase c : cases) {
                done.submit(() -> {
                    work.run(c);
                    return c;
                });
            }
            for (int finished = 1; finished <= cases.size(); finished++) {
                done.take().get();
                progress.update(task, finished, cases.size());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(task + " was interrupted");
        } finally {
            // queued cases are dropped; running ones finish their case before the staging folder is removed
            pool.shutdownNow();
            awaitTermination(pool);
        }
    }

    private void saveCase(DatasetCase c, ImageIo io, Plans plans, String configuration, DatasetSpec spec,
            Path folder) throws IOException {
        try {
            ImageVolume image = io.readImages(c.images());
            ImageVolume seg = c.label() == null ? null : io.readSegmentation(c.label());
            PreprocessedCase result = preprocessCase(c.id(), image, seg, plans, configuration, spec);
            PreprocessedCaseFiles files = PreprocessedCaseFiles.of(folder, c.id());
            int[] shape = result.data().shape();
            NpyArrays.write(files.data(), new int[] {result.data().channelCount(), shape[0], shape[1], shape[2]},
                    concatenate(result.data().channels()));
            NpyArrays.writeInt16(files.seg(), new int[] {1, shape[0], shape[1], shape[2]}, result.seg());
            json.writeCompact(files.properties(), result.properties());
        } catch (FileSystemException | InvalidImageException e) {
            // the message names the file
            throw new IOException("case " + c.id() + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            List<Path> files = new ArrayList<>(c.images());
            if (c.label() != null) {
                files.add(c.label());
            }
            throw new IOException("case " + c.id() + " " + files + ": " + e.getMessage(), e);
        }
    }

    private static float[] concatenate(float[][] channels) {
        if (channels.length == 1) {
            return channels[0];
        }
        int n = channels[0].length;
        float[] all = new float[channels.length * n];
        for (int c = 0; c < channels.length; c++) {
            System.arraycopy(channels[c], 0, all, c * n, n);
        }
        return all;
    }

    private void normalize(NonzeroCrop.Result cropped, ConfigurationPlan plan,
            Map<String, IntensityProperties> intensities) {
        List<String> schemes = plan.normalizationSchemes();
        int channels = cropped.data().channelCount();
        if (schemes == null || schemes.size() < channels) {
            throw new IllegalArgumentException("the plans name normalization_schemes " + schemes + " for "
                    + channels + " channel(s)");
        }
        List<Boolean> useMask = plan.useMaskForNorm();
        for (int c = 0; c < channels; c++) {
            boolean masked = useMask != null && c < useMask.size() && Boolean.TRUE.equals(useMask.get(c));
            normalizations.require(schemes.get(c)).normalize(cropped.data().channel(c), cropped.seg(), masked,
                    intensities == null ? null : intensities.get(String.valueOf(c)));
        }
    }

    private static DefaultResampling.Settings resamplingSettings(String function, Map<String, Object> kwargs) {
        if (function != null && !function.equals(DefaultResampling.RESAMPLE_TO_SHAPE)) {
            throw new IllegalArgumentException("resampling function '" + function + "' is not supported; only "
                    + DefaultResampling.RESAMPLE_TO_SHAPE);
        }
        return DefaultResampling.Settings.of(kwargs);
    }

    /** A 2d configuration's two spacings get the case's own first-axis spacing in front: slices stay as they are. */
    static double[] targetSpacing(double[] configured, double[] spacing) {
        if (configured.length == spacing.length) {
            return configured.clone();
        }
        double[] target = new double[spacing.length];
        target[0] = spacing[0];
        System.arraycopy(configured, 0, target, 1, configured.length);
        return target;
    }


    /** Replaces {@code output} with {@code staging}; the old folder is set aside first and removed last. */
    /** nnU-Net's {@code copy_file(label, gt_segmentations/{case}{ending}, update=True)}, keeping the label's time. */
    private static void copyGroundTruth(List<DatasetCase> cases, Path folder, String ending) throws IOException {
        Files.createDirectories(folder);
        for (DatasetCase c : cases) {
            if (c.label() == null) {
                continue;
            }
            Path target = folder.resolve(c.id() + ending);
            FileTime modified = Files.getLastModifiedTime(c.label());
            if (Files.exists(target) && Files.getLastModifiedTime(target).compareTo(modified) >= 0) {
                continue;
            }
            AtomicFiles.write(target, out -> Files.copy(c.label(), out));
            Files.setLastModifiedTime(target, modified);
        }
    }

    private static void awaitTermination(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteIfEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(folder);
            }
        }
    }
}
