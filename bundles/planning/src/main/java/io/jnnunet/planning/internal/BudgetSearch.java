package io.jnnunet.planning.internal;

import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.planning.internal.PatchAndBatchRule.PatchAndBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The compute-budget planner's choice for one configuration: of the networks nnU-Net's rules would build with a
 * smaller patch, fewer features or a smaller batch than its default plan, the one closest to that plan that still
 * trains {@value #MIN_ITERATIONS} iterations within the budget, on times measured on the device.
 *
 * <p>Closeness: halving the patch's voxels costs 1, halving the features of every stage costs 1, halving nnU-Net's
 * batch costs 1/2; nnU-Net's own plan scores 0. Each candidate's time is estimated from its multiply-accumulates at the
 * rate of the measured network nearest in size, and the candidate chosen is always measured itself before it is
 * taken.
 */
final class BudgetSearch {

    /** Fewer iterations than this rarely train a U-Net to a useful model, whatever its size. */
    static final int MIN_ITERATIONS = 3000;
    /** nnU-Net's schedule, 1000 epochs x 250 iterations: more is never planned. */
    static final int MAX_ITERATIONS = 250_000;
    /** Of the budget, the share left for training steps; the rest pays validation, checkpoints, final validation. */
    static final double TRAINING_SHARE = 0.85;
    static final int MAX_PROBES = 5;

    private static final double[] PATCH_SCALES = {1, 0.75, 0.5, 0.375, 0.25, 0.1875, 0.125};
    private static final int[] BASE_FEATURES = {32, 16, 8};
    private static final int[] BATCH_SIZES_2D = {2, 4, 8};
    private static final int[] BATCH_SIZES_3D = {2, 4};
    private static final int MIN_PATCH_EDGE_2D = 64;
    private static final int MIN_PATCH_EDGE_3D = 32;
    /** Activations, their gradients and the conv workspace: about three floats per feature-map element. */
    private static final double BYTES_PER_FEATURE_MAP_ELEMENT = 12;

    /** A network the budget planner may choose, with its score and cost. */
    record Candidate(PatchAndBatch plan, int baseFeatures, double closeness, double macs) {
        String describe() {
            return String.format(Locale.ROOT, "patch %s, features %s, batch %d",
                    Arrays.toString(plan.patchSize()),
                    Arrays.toString(plan.architecture().archKwargs().featuresPerStage()), plan.batchSize());
        }
    }

    /** One measured network. */
    record Probe(String network, double macs, double secondsPerIteration) {
    }

    /** The choice, the measurements it rests on and why. */
    record Decision(Candidate chosen, double secondsPerIteration, long iterations, List<Probe> probes,
            String reasoning) {
    }

    private final TrainingProbe probe;
    private final double trainingSeconds;
    private final long memoryLimitBytes;
    private final Map<String, Double> measured = new LinkedHashMap<>();
    private final List<Probe> probes = new ArrayList<>();

    BudgetSearch(TrainingProbe probe, double budgetMinutes, long memoryLimitBytes) {
        this.probe = probe;
        this.trainingSeconds = budgetMinutes * 60 * TRAINING_SHARE;
        this.memoryLimitBytes = memoryLimitBytes;
    }

    /**
     * Chooses the network for a configuration.
     *
     * @param nnunet the default planner's plan for it, the most any budget gets
     */
    Decision decide(PatchAndBatch nnunet, double[] spacing, double[] medianShape, int inputChannels,
            int numOutputs) {
        List<Candidate> candidates = candidates(nnunet, spacing, medianShape, inputChannels, numOutputs);
        candidates.sort(Comparator.comparingDouble(Candidate::closeness).reversed()
                .thenComparingDouble(Candidate::macs));
        Candidate cheapest = candidates.stream().min(Comparator.comparingDouble(Candidate::macs)).orElseThrow();
        measure(cheapest, inputChannels, numOutputs);
        List<Candidate> rejected = new ArrayList<>();
        Candidate accepted = null;
        // Take the closest candidate the estimates call affordable; measure it; repeat with the better estimates
        // until the closest affordable one is one already measured.
        while (accepted == null && probes.size() < MAX_PROBES) {
            Candidate next = candidates.stream().filter(c -> !rejected.contains(c))
                    .filter(c -> trainingSeconds / estimate(c) >= MIN_ITERATIONS).findFirst().orElse(null);
            if (next == null) {
                break;
            }
            if (measured.containsKey(next.describe())) {
                accepted = next;
            } else if (trainingSeconds / measure(next, inputChannels, numOutputs) < MIN_ITERATIONS) {
                rejected.add(next);
            }
        }
        if (accepted == null) {
            // out of probes, or nothing affordable: the closest measured network that is, else the cheapest
            accepted = candidates.stream().filter(c -> measured.containsKey(c.describe()))
                    .filter(c -> trainingSeconds / measured.get(c.describe()) >= MIN_ITERATIONS)
                    .findFirst().orElse(cheapest);
        }
        double seconds = measure(accepted, inputChannels, numOutputs);
        long iterations = Math.min(MAX_ITERATIONS, (long) Math.floor(trainingSeconds / seconds));
        return new Decision(accepted, seconds, iterations, List.copyOf(probes),
                reasoning(nnunet, accepted, seconds, iterations, rejected, candidates.get(0)));
    }

    private String reasoning(PatchAndBatch nnunet, Candidate chosen, double seconds, long iterations,
            List<Candidate> rejected, Candidate best) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%.0f s of the budget go to training steps (%.0f%%). nnU-Net's default plan (patch %s, batch %d)"
                        + " would be the first choice. Chosen: %s, measured %.3f s per iteration, so %d iterations",
                trainingSeconds, TRAINING_SHARE * 100, Arrays.toString(nnunet.patchSize()), nnunet.batchSize(),
                chosen.describe(), seconds, iterations));
        if (iterations < MIN_ITERATIONS) {
            text.append(String.format(Locale.ROOT, ". Even the cheapest network trains fewer than %d iterations in"
                    + " this budget: expect a weak model, or give a larger budget", MIN_ITERATIONS));
        } else if (chosen != best) {
            text.append(String.format(Locale.ROOT, ", the closest to nnU-Net's plan that trains at least %d",
                    MIN_ITERATIONS));
        }
        for (Candidate candidate : rejected) {
            text.append(String.format(Locale.ROOT, "; rejected after measuring: %s (%.3f s per iteration)",
                    candidate.describe(), measured.get(candidate.describe())));
        }
        return text.append('.').toString();
    }

    /**
     * A candidate's seconds per iteration: measured, or its multiply-accumulates at the rate of the measured network
     * nearest in size (small networks run at a lower rate than large ones, so the nearest says most).
     */
    private double estimate(Candidate candidate) {
        Double seconds = measured.get(candidate.describe());
        if (seconds != null) {
            return seconds;
        }
        Probe nearest = probes.stream().min(Comparator.comparingDouble(
                p -> Math.abs(Math.log(p.macs() / candidate.macs())))).orElseThrow();
        return candidate.macs() / nearest.macs() * nearest.secondsPerIteration();
    }

    private double measure(Candidate candidate, int inputChannels, int numOutputs) {
        return measured.computeIfAbsent(candidate.describe(), key -> {
            double seconds = probe.secondsPerIteration(candidate.plan().architecture(), inputChannels, numOutputs,
                    candidate.plan().batchSize(), candidate.plan().patchSize());
            probes.add(new Probe(key, candidate.macs(), seconds));
            return seconds;
        });
    }

    private List<Candidate> candidates(PatchAndBatch nnunet, double[] spacing, double[] medianShape,
            int inputChannels, int numOutputs) {
        int dim = spacing.length;
        double[] initial = PatchAndBatchRule.initialPatchSize(spacing, medianShape);
        double nnunetVoxels = FeatureMapSizeEstimate.product(nnunet.patchSize());
        int minEdge = dim == 2 ? MIN_PATCH_EDGE_2D : MIN_PATCH_EDGE_3D;
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (double scale : PATCH_SCALES) {
            double[] patch = new double[dim];
            for (int d = 0; d < dim; d++) {
                patch[d] = Math.min(initial[d], Math.max(minEdge, Math.rint(initial[d] * scale)));
            }
            PoolingTopology topology = PoolingTopology.of(spacing, patch, PoolingTopology.MIN_FEATURE_MAP_SIZE,
                    Integer.MAX_VALUE);
            for (int base : BASE_FEATURES) {
                int[] features = features(topology.nStages(), dim, base);
                ArchitecturePlan architecture = UNetArchitecture.PLAIN_CONV_UNET.plan(topology, features,
                        twos(topology.nStages()), twos(topology.nStages() - 1));
                long estimate = UNetArchitecture.PLAIN_CONV_UNET.featureMapSize(topology.patchSize(),
                        architecture.archKwargs(), numOutputs);
                for (int batch : dim == 2 ? BATCH_SIZES_2D : BATCH_SIZES_3D) {
                    if (estimate * batch * BYTES_PER_FEATURE_MAP_ELEMENT > memoryLimitBytes) {
                        continue;
                    }
                    double closeness = log2(FeatureMapSizeEstimate.product(topology.patchSize()) / nnunetVoxels)
                            + log2(base / (double) UNetArchitecture.BASE_NUM_FEATURES)
                            + 0.5 * Math.min(0, log2(batch / (double) nnunet.batchSize()));
                    Candidate candidate = new Candidate(new PatchAndBatch(topology, architecture, estimate, batch),
                            base, Math.min(0, closeness), TrainingCost.macsPerIteration(architecture.archKwargs(),
                                    topology.patchSize(), inputChannels, numOutputs, batch));
                    candidates.putIfAbsent(candidate.describe(), candidate);
                }
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no network fits the device's memory ("
                    + memoryLimitBytes / (1 << 20) + " MiB for training)");
        }
        return new ArrayList<>(candidates.values());
    }

    /** nnU-Net's feature rule from another base: {@code base * 2^s}, capped at 512 (2-D) or 320 (3-D) scaled alike. */
    static int[] features(int nStages, int dim, int base) {
        int cap = (dim == 2 ? UNetArchitecture.MAX_FEATURES_2D : UNetArchitecture.MAX_FEATURES_3D) * base
                / UNetArchitecture.BASE_NUM_FEATURES;
        int[] features = new int[nStages];
        for (int s = 0; s < nStages; s++) {
            features[s] = (int) Math.min(cap, (long) base << s);
        }
        return features;
    }

    private static int[] twos(int count) {
        int[] values = new int[count];
        Arrays.fill(values, 2);
        return values;
    }

    private static double log2(double value) {
        return Math.log(value) / Math.log(2);
    }
}
