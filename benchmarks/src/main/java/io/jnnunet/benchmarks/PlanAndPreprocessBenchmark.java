package io.jnnunet.benchmarks;

import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.Fingerprint;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.PlanningRequest;
import io.jnnunet.api.Plans;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.fingerprint.internal.DatasetFingerprintExtractor;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.NnunetDatasetReader;
import io.jnnunet.io.internal.PngImageIo;
import io.jnnunet.io.internal.TiffImageIo;
import io.jnnunet.planning.internal.DefaultExperimentPlanner;
import io.jnnunet.preprocessing.internal.CTNormalization;
import io.jnnunet.preprocessing.internal.DefaultPreprocessor;
import io.jnnunet.preprocessing.internal.NoNormalization;
import io.jnnunet.preprocessing.internal.RGBTo01Normalization;
import io.jnnunet.preprocessing.internal.RescaleTo01Normalization;
import io.jnnunet.preprocessing.internal.ZScoreNormalization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times nnU-Net's plan-and-preprocess stages on a raw dataset with jnnunet's implementations (outside OSGi, the same
 * classes the bundles register): fingerprint, default planning and preprocessing of the 2d configuration, several
 * rounds in one JVM (the first is cold), with heap and resident memory peaks.
 *
 * <p>Arguments: raw dataset folder, output folder, workers, rounds, and the docs/benchmarks.md to write.
 */
public final class PlanAndPreprocessBenchmark {

    private record Round(double fingerprint, double planning, double preprocessing, double heapPeak) {
        double total() {
            return fingerprint + planning + preprocessing;
        }
    }

    private PlanAndPreprocessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path raw = Path.of(args[0]).toAbsolutePath().normalize();
        Path out = Path.of(args[1]);
        int workers = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Path report = Path.of(args[4]);

        DatasetReader reader = new NnunetDatasetReader();
        ImageIoRegistry registry = ImageIoRegistryComponent.of(new PngImageIo(), new TiffImageIo());
        DatasetFingerprintExtractor extractor = new DatasetFingerprintExtractor(reader, registry);
        DefaultPreprocessor preprocessor = new DefaultPreprocessor(reader, registry, List.of(
                new ZScoreNormalization(), new CTNormalization(), new NoNormalization(),
                new RescaleTo01Normalization(), new RGBTo01Normalization()));
        DefaultExperimentPlanner planner = new DefaultExperimentPlanner();
        int cases = reader.trainingCases(raw, reader.readDatasetJson(raw)).size();

        List<Round> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            BenchmarkReport.resetHeapPeaks();
            long t0 = System.nanoTime();
            Fingerprint fingerprint = extractor.extract(raw, workers, ProgressListener.NONE);
            long t1 = System.nanoTime();
            Plans plans = planner.plan(PlanningRequest.of(raw.getFileName().toString(), reader.readDatasetJson(raw),
                    fingerprint));
            long t2 = System.nanoTime();
            preprocessor.preprocessDataset(raw, out, plans, "2d", workers, ProgressListener.NONE);
            long t3 = System.nanoTime();
            Round r = new Round((t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, BenchmarkReport.heapPeakMiB());
            results.add(r);
            System.out.printf(Locale.ROOT, "round %d: fingerprint %.2f s, planning %.3f s, preprocessing %.2f s,"
                    + " total %.2f s, heap peak %.0f MiB%n", round + 1, r.fingerprint(), r.planning(),
                    r.preprocessing(), r.total(), r.heapPeak());
        }
        long bytes;
        try (var files = Files.walk(out.resolve("nnUNetPlans_2d"))) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }

        StringBuilder md = new StringBuilder();
        md.append("## Fingerprint + planning + preprocessing (2d) of ").append(cases).append(" cases\n\n");
        md.append("`bash benchmarks/plan-and-preprocess.sh` on `").append(raw).append("`, ").append(workers)
                .append(" workers, ").append(rounds).append(" rounds in one JVM (round 1 cold). Machine: ")
                .append(BenchmarkReport.machine()).append(". Target: fingerprint + preprocessing under 15 s.\n\n");
        md.append("| round | fingerprint (s) | planning (s) | preprocessing (s) | total (s) | heap peak (MiB) |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        for (int i = 0; i < results.size(); i++) {
            Round r = results.get(i);
            md.append(String.format(Locale.ROOT, "| %d | %.2f | %.3f | %.2f | %.2f | %.0f |%n", i + 1,
                    r.fingerprint(), r.planning(), r.preprocessing(), r.total(), r.heapPeak()));
        }
        md.append(String.format(Locale.ROOT, "%nJVM heap limit %.0f MiB; process resident peak %.0f MiB;"
                + " preprocessed data %.0f MiB on disk.%n", Runtime.getRuntime().maxMemory() / 1048576.0,
                BenchmarkReport.residentPeakMiB(), bytes / 1048576.0));
        BenchmarkReport.writeSection(report, "plan-and-preprocess", md.toString());
        System.out.println(md);
    }
}
