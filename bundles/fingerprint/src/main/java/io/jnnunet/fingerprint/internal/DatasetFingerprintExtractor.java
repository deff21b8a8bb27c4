package io.jnnunet.fingerprint.internal;

import io.jnnunet.api.DatasetCase;
import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.Fingerprint;
import io.jnnunet.api.FingerprintExtractor;
import io.jnnunet.api.Futures;
import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.IntensityProperties;
import io.jnnunet.api.InvalidImageException;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SampleType;
import io.jnnunet.formats.NonzeroCrop;
import io.jnnunet.formats.NumpyStats;
import io.jnnunet.formats.NumpyRandomState;
import io.jnnunet.formats.ObjectDiameters;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.DoubleStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * nnU-Net's {@code DatasetFingerprintExtractor}: per training case the spacing and the shape after cropping to the
 * non-zero region, and {@code 10^8 / cases} foreground intensities per channel drawn with {@code RandomState(1234)},
 * whose statistics over all cases describe each channel. Cases are analysed in parallel, one per worker in memory.
 * A 2-D dataset with instance labels ({@value #INSTANCES_TR} beside labelsTr, one file per case under the label's
 * name) also gets the median object diameter of all its objects ({@link Fingerprint#medianObjectDiameter()}).
 */
@Component(service = FingerprintExtractor.class)
public class DatasetFingerprintExtractor implements FingerprintExtractor {

    /** The progress task name. */
    static final String TASK = "fingerprint";

    /** nnU-Net's {@code num_foreground_voxels_for_intensitystats} (written {@code 10e7}). */
    static final int FOREGROUND_SAMPLES = 100_000_000;

    /** The seed of each case's {@code RandomState}. */
    static final long SEED = 1234;

    /** The instance labels of the training cases, as nnunet:convert-instances reads them. */
    static final String INSTANCES_TR = "labelsTr_instances";

    private final DatasetReader datasetReader;
    private final ImageIoRegistry imageIoRegistry;
    private final int foregroundSamples;

    @Activate
    public DatasetFingerprintExtractor(@Reference DatasetReader datasetReader,
            @Reference ImageIoRegistry imageIoRegistry) {
        this(datasetReader, imageIoRegistry, FOREGROUND_SAMPLES);
    }

    /** With another total number of foreground samples, as nnU-Net's attribute can be changed in a subclass. */
    DatasetFingerprintExtractor(DatasetReader datasetReader, ImageIoRegistry imageIoRegistry, int foregroundSamples) {
        this.datasetReader = datasetReader;
        this.imageIoRegistry = imageIoRegistry;
        this.foregroundSamples = foregroundSamples;
    }

    /**
     * What one case contributes besides its intensities.
     *
     * @param objectDiameters of its instance labels; {@code null} without them or for a 3-D case
     */
    private record CaseFingerprint(double[] spacing, int[] shapeAfterCrop, double relativeSizeAfterCropping,
            double[] objectDiameters) {
    }

    /** One analysed case: its fingerprint and its foreground samples per channel. */
    private record AnalyzedCase(CaseFingerprint fingerprint, ForegroundIntensities[] intensities) {
    }

    @Override
    public Fingerprint extract(Path rawDataset, int workers, ProgressListener progress) throws IOException {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        DatasetSpec spec = datasetReader.readDatasetJson(rawDataset);
        List<DatasetCase> cases = datasetReader.trainingCases(rawDataset, spec);
        if (cases.isEmpty()) {
            throw new IOException(rawDataset + " has no training cases");
        }
        int channels = spec.numberOfChannels();
        if (channels == 0) {
            throw new IOException(rawDataset.resolve(DatasetReader.DATASET_JSON)
                    + " declares no channel_names, so the channels cannot be described");
        }
        ImageIo io = imageIoRegistry.require(spec.fileEnding());
        // Python's int(10e7 // n) on whole numbers
        int numSamples = foregroundSamples / cases.size();

        ForegroundIntensities[] intensities = new ForegroundIntensities[channels];
        for (int c = 0; c < channels; c++) {
            intensities[c] = new ForegroundIntensities(numSamples * cases.size());
        }
        Path instances = rawDataset.resolve(INSTANCES_TR);
        Path instanceFolder = Files.isDirectory(instances) ? instances : null;
        CaseFingerprint[] fingerprints = new CaseFingerprint[cases.size()];
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, cases.size()), threadFactory());
        try {
            CompletionService<Void> completion = new ExecutorCompletionService<>(pool);
            for (int i = 0; i < cases.size(); i++) {
                int index = i;
                completion.submit(() -> {
                    AnalyzedCase analyzed = analyzeCase(cases.get(index), io, channels, numSamples,
                            instanceFolder);
                    fingerprints[index] = analyzed.fingerprint();
                    // merged as soon as a case is done, so no more than one case per worker is held
                    synchronized (intensities) {
                        for (int c = 0; c < channels; c++) {
                            intensities[c].add(analyzed.intensities()[c]);
                        }
                    }
                    return null;
                });
            }
            for (int done = 1; done <= cases.size(); done++) {
                awaitNext(completion);
                progress.update(TASK, done, cases.size());
            }
        } finally {
            pool.shutdownNow();
        }
        return fingerprint(fingerprints, intensities, rawDataset);
    }

    /** Waits for the next case; the first case that fails fails the extraction. */
    private static void awaitNext(CompletionService<Void> completion) throws IOException {
        Future<Void> next;
        try {
            next = completion.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("fingerprint extraction interrupted");
        }
        Futures.await(next, "the fingerprint of a case");
    }

    /**
     * nnU-Net's {@code analyze_case}: read, crop to non-zero, sample the foreground (cropped segmentation > 0, which
     * includes the ignore label) of every channel in channel order with one {@code RandomState(1234)} per case;
     * the object diameters of its file in {@code instanceFolder} when that is given.
     */
    private static AnalyzedCase analyzeCase(DatasetCase c, ImageIo io, int channels, int numSamples,
            Path instanceFolder) throws IOException {
        ImageVolume images = read(c, "images", c.images(), () -> io.readImages(c.images()));
        if (c.label() == null) {
            throw new IOException("case " + c.id() + " has no segmentation, which the fingerprint needs");
        }
        ImageVolume seg = read(c, "segmentation", c.label(), () -> io.readSegmentation(c.label()));
        if (images.channelCount() != channels) {
            throw new IOException("case " + c.id() + " has " + images.channelCount() + " channel(s) but dataset.json"
                    + " declares " + channels + " in channel_names (" + c.images() + ")");
        }
        if (!Arrays.equals(images.shape(), seg.shape())) {
            throw new IOException("case " + c.id() + ": the segmentation " + c.label() + " has shape "
                    + Arrays.toString(seg.shape()) + ", its images " + Arrays.toString(images.shape()));
        }
        NonzeroCrop.Result cropped = NonzeroCrop.crop(images, seg);
        boolean integer = images.sampleType() != SampleType.FLOAT32;
        int[] foreground = foregroundVoxels(cropped.seg());
        NumpyRandomState rs = new NumpyRandomState(SEED);
        ForegroundIntensities[] intensities = new ForegroundIntensities[channels];
        for (int ch = 0; ch < channels; ch++) {
            float[] data = cropped.data().channel(ch);
            if (!integer && containsNaN(data)) {
                throw new IOException("case " + c.id() + ": channel " + ch + " contains NaN values (" + c.images()
                        + ")");
            }
            float[] values = new float[foreground.length];
            for (int i = 0; i < foreground.length; i++) {
                values[i] = data[foreground[i]];
            }
            intensities[ch] = ForegroundIntensities.sample(values, numSamples, rs, integer);
        }
        int[] shapeAfterCrop = cropped.data().shape();
        double relativeSize = (double) cropped.data().voxelCount() / images.voxelCount();
        double[] diameters = null;
        if (instanceFolder != null && images.is2d()) {
            Path file = instanceFolder.resolve(c.label().getFileName().toString());
            diameters = ObjectDiameters.of(read(c, "instance labels", file, () -> io.readSegmentation(file)));
        }
        return new AnalyzedCase(new CaseFingerprint(images.spacing(), shapeAfterCrop, relativeSize, diameters),
                intensities);
    }

    private interface Read {
        ImageVolume get() throws IOException;
    }

    /** Reads part of a case, naming the case and the file in any error. */
    private static ImageVolume read(DatasetCase c, String what, Object files, Read read) throws IOException {
        try {
            return read.get();
        } catch (InvalidImageException e) {
            throw new IOException("cannot read the " + what + " of case " + c.id() + ": " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot read the " + what + " of case " + c.id() + ": " + e.getFile()
                    + " does not exist", e);
        } catch (IOException e) {
            throw new IOException("cannot read the " + what + " of case " + c.id() + " (" + files + "): "
                    + e.getMessage(), e);
        }
    }

    /** The positions (C order) where the cropped segmentation is > 0. */
    private static int[] foregroundVoxels(short[] seg) {
        int n = 0;
        for (short label : seg) {
            if (label > 0) {
                n++;
            }
        }
        int[] positions = new int[n];
        int next = 0;
        for (int i = 0; i < seg.length; i++) {
            if (seg[i] > 0) {
                positions[next++] = i;
            }
        }
        return positions;
    }

    private static boolean containsNaN(float[] data) {
        for (float v : data) {
            if (Float.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    private static Fingerprint fingerprint(CaseFingerprint[] cases, ForegroundIntensities[] intensities,
            Path rawDataset) throws IOException {
        if (intensities[0].count() == 0) {
            // nnU-Net fails inside np.percentile on the empty array; say what is wrong instead
            throw new IOException("no case has foreground voxels, so intensity statistics cannot be computed: check"
                    + " labelsTr of " + rawDataset);
        }
        Map<String, IntensityProperties> perChannel = new LinkedHashMap<>();
        for (int c = 0; c < intensities.length; c++) {
            perChannel.put(Integer.toString(c), intensities[c].statistics());
        }
        List<double[]> spacings = new ArrayList<>(cases.length);
        List<int[]> shapes = new ArrayList<>(cases.length);
        double[] relativeSizes = new double[cases.length];
        DoubleStream.Builder diameters = DoubleStream.builder();
        boolean measured = true;
        for (int i = 0; i < cases.length; i++) {
            spacings.add(cases[i].spacing());
            shapes.add(cases[i].shapeAfterCrop());
            relativeSizes[i] = cases[i].relativeSizeAfterCropping();
            if (cases[i].objectDiameters() == null) {
                measured = false;
            } else {
                Arrays.stream(cases[i].objectDiameters()).forEach(diameters);
            }
        }
        // np.median; NaN (no object in any case) is recorded as no diameter
        double medianDiameter = measured ? NumpyStats.median(diameters.build().toArray()) : Double.NaN;
        return new Fingerprint(perChannel, NumpyStats.median(relativeSizes), shapes, spacings,
                Double.isNaN(medianDiameter) ? null : medianDiameter);
    }

    private static ThreadFactory threadFactory() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "jnnunet-fingerprint-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
