package io.jnnunet.inference.internal;

import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.IntensityProperties;
import io.jnnunet.api.Plans;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The parts of a bioimage.io model description (spec 0.5, {@value #FORMAT_VERSION}) that follow from an nnU-Net model
 * folder: the input tensor with nnU-Net's normalisation as bioimage.io preprocessing, the logits output, the
 * architecture as nnU-Net builds it from the plans, the licence and the names bioimage.io accepts. Plain maps, in the
 * order they are written.
 */
final class BioimageioDescription {

    /** The model spec version the package follows (that of the JSON schema in the tests' resources). */
    static final String FORMAT_VERSION = "0.5.7";
    static final String INPUT = "input";
    static final String OUTPUT = "logits";
    static final List<String> SPATIAL_AXES = List.of("y", "x");
    /** The licence when dataset.json names none that is an SPDX id. */
    static final String DEFAULT_LICENSE = "CC-BY-4.0";
    /** nnU-Net's own builder of a network from the plans' architecture section: strings for the classes it imports. */
    static final String IMPORT_FROM = "nnunetv2.utilities.get_network_from_plans";
    static final String CALLABLE = "get_network_from_plans";

    private static final Pattern SPDX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+-]*");
    private static final Pattern CREATIVE_COMMONS = Pattern.compile(
            "(?i)\\bCC[- ]?(0|BY(?:[- ](?:NC|SA|ND))*)[- ]?v?(\\d\\.\\d)?\\b");
    private static final Pattern DOI = Pattern.compile("\\b10\\.\\d{4,9}/[^\\s,;]+");
    private static final Pattern NAME_CHARACTERS = Pattern.compile("[^A-Za-z0-9_\\-() ]");

    private BioimageioDescription() {
    }

    /**
     * The smallest input side along each spatial axis and the step between valid sides: the network halves a side at
     * every stride 2, so a side must be a multiple of the strides' product; the smallest is two such multiples, as
     * PyTorch's instance norm refuses a bottleneck of a single voxel.
     */
    static int[] step(ConfigurationPlan plan) {
        int[][] strides = plan.architecture().archKwargs().strides();
        int[] step = new int[plan.patchSize().length];
        Arrays.fill(step, 1);
        for (int[] stride : strides) {
            for (int d = 0; d < step.length; d++) {
                step[d] *= stride[d];
            }
        }
        return step;
    }

    /** The side of the test tensor: the patch's, else the largest valid one within it and the image. */
    static int testSide(int patch, int image, int step) {
        return Math.max(2 * step, Math.min(patch, image) / step * step);
    }

    /**
     * nnU-Net's normalisation of every channel as one bioimage.io preprocessing list.
     *
     * @throws IllegalArgumentException naming the scheme and channel when the spec cannot express it
     */
    static List<Map<String, Object>> preprocessing(ConfigurationPlan plan, Plans plans) {
        List<String> schemes = plan.normalizationSchemes();
        if (schemes == null || schemes.isEmpty()) {
            throw new IllegalArgumentException("the configuration has no normalization_schemes");
        }
        Set<String> distinct = new LinkedHashSet<>(schemes);
        if (distinct.size() > 1) {
            throw new IllegalArgumentException("the channels are normalised by different schemes " + schemes
                    + "; bioimage.io's preprocessing applies one step to all channels");
        }
        for (int c = 0; c < schemes.size(); c++) {
            if (plan.useMaskForNorm() != null && c < plan.useMaskForNorm().size()
                    && Boolean.TRUE.equals(plan.useMaskForNorm().get(c))) {
                throw new IllegalArgumentException("channel " + c + " is normalised inside the non-zero mask only"
                        + " (use_mask_for_norm), which bioimage.io's preprocessing cannot express");
            }
        }
        String scheme = schemes.get(0);
        List<Map<String, Object>> steps = new ArrayList<>();
        switch (scheme) {
            case "ZScoreNormalization" -> steps.add(step("zero_mean_unit_variance",
                    kwargs("axes", SPATIAL_AXES)));
            case "CTNormalization" -> {
                List<IntensityProperties> properties = IntStream.range(0, schemes.size())
                        .mapToObj(c -> intensities(plans, c)).toList();
                double low = properties.get(0).percentile005();
                double high = properties.get(0).percentile995();
                if (properties.stream().anyMatch(p -> p.percentile005() != low || p.percentile995() != high)) {
                    throw new IllegalArgumentException("CTNormalization clips the channels at different"
                            + " intensities; bioimage.io's clip has one range for all channels");
                }
                steps.add(step("clip", kwargs("min", low, "max", high)));
                steps.add(step("fixed_zero_mean_unit_variance", properties.size() == 1
                        ? kwargs("mean", properties.get(0).mean(), "std", Math.max(properties.get(0).std(), 1e-6))
                        : kwargs("axis", "channel", "mean", properties.stream().map(IntensityProperties::mean)
                                .toList(), "std", properties.stream().map(p -> Math.max(p.std(), 1e-6)).toList())));
            }
            case "RescaleTo01Normalization" -> steps.add(step("scale_range", kwargs("axes", SPATIAL_AXES,
                    "min_percentile", 0.0, "max_percentile", 100.0)));
            case "RGBTo0_1Normalization" -> steps.add(step("scale_linear", kwargs("gain", 1 / 255.0, "offset", 0.0)));
            case "NoNormalization" -> {
                // nnU-Net only casts to float32, which bioimage.io's input data type does
            }
            default -> throw new IllegalArgumentException("normalisation scheme " + scheme
                    + " has no bioimage.io preprocessing");
        }
        return steps;
    }

    private static IntensityProperties intensities(Plans plans, int channel) {
        Map<String, IntensityProperties> all = plans.foregroundIntensityPropertiesPerChannel();
        IntensityProperties p = all == null ? null : all.get(String.valueOf(channel));
        if (p == null) {
            throw new IllegalArgumentException("the plans' foreground_intensity_properties_per_channel has no"
                    + " channel " + channel);
        }
        return p;
    }

    /** The input tensor, without its test tensor. */
    static Map<String, Object> input(DatasetSpec dataset, ConfigurationPlan plan, Plans plans) {
        int[] step = step(plan);
        List<Object> axes = new ArrayList<>();
        axes.add(Map.of("type", "batch"));
        axes.add(ordered("type", "channel", "channel_names", channelNames(dataset)));
        for (int d = 0; d < SPATIAL_AXES.size(); d++) {
            axes.add(ordered("type", "space", "id", SPATIAL_AXES.get(d),
                    "size", ordered("min", 2 * step[d], "step", step[d]), "scale", plan.spacing()[d]));
        }
        return ordered("id", INPUT, "description", "the image at the plans' spacing; nnU-Net's normalisation"
                + " follows as preprocessing", "axes", axes, "data", Map.of("type", "float32"),
                "preprocessing", preprocessing(plan, plans));
    }

    /** The logits tensor, sized as the input. */
    static Map<String, Object> output(DatasetSpec dataset, ConfigurationPlan plan) {
        List<Object> axes = new ArrayList<>();
        axes.add(Map.of("type", "batch"));
        axes.add(ordered("type", "channel", "channel_names", labelNames(dataset)));
        for (int d = 0; d < SPATIAL_AXES.size(); d++) {
            axes.add(ordered("type", "space", "id", SPATIAL_AXES.get(d),
                    "size", ordered("tensor_id", INPUT, "axis_id", SPATIAL_AXES.get(d)), "scale", plan.spacing()[d]));
        }
        String description = regions(dataset)
                ? "logits per region; a sigmoid gives nnU-Net's region probabilities"
                : "logits per label; softmax over channel gives nnU-Net's probabilities, argmax its labels";
        return ordered("id", OUTPUT, "description", description, "axes", axes, "data", Map.of("type", "float32"));
    }

    /** get_network_from_plans' arguments: the plans' architecture section as it is, without deep supervision. */
    static Map<String, Object> architecture(Map<String, Object> architectureSection, int inputChannels,
            int outputChannels) {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("arch_class_name", architectureSection.get("network_class_name"));
        kwargs.put("arch_kwargs", architectureSection.get("arch_kwargs"));
        kwargs.put("arch_kwargs_req_import", architectureSection.getOrDefault("_kw_requires_import", List.of()));
        kwargs.put("input_channels", inputChannels);
        kwargs.put("output_channels", outputChannels);
        kwargs.put("allow_init", false);
        kwargs.put("deep_supervision", false);
        return ordered("callable", CALLABLE, "import_from", IMPORT_FROM, "kwargs", kwargs);
    }

    /** The channel names as bioimage.io's identifiers, in channel order. */
    static List<String> channelNames(DatasetSpec dataset) {
        return identifiers(IntStream.range(0, dataset.numberOfChannels())
                .mapToObj(c -> dataset.channelNames().getOrDefault(String.valueOf(c), "channel_" + c)).toList());
    }

    /** The outputs' names: the labels but ignore, in value order; for regions, the regions but background. */
    static List<String> labelNames(DatasetSpec dataset) {
        List<String> names = new ArrayList<>(dataset.labels().keySet());
        names.remove(DatasetSpec.IGNORE);
        if (regions(dataset)) {
            names.remove("background");
        } else {
            names.sort((a, b) -> Double.compare(((Number) dataset.labels().get(a)).doubleValue(),
                    ((Number) dataset.labels().get(b)).doubleValue()));
        }
        return identifiers(names);
    }

    static boolean regions(DatasetSpec dataset) {
        return dataset.labels().values().stream().anyMatch(v -> v instanceof List<?>);
    }

    /** Python identifiers, as bioimage.io's channel names must be, kept distinct. */
    static List<String> identifiers(List<String> names) {
        List<String> result = new ArrayList<>();
        for (String name : names) {
            String id = name.strip().replaceAll("[^A-Za-z0-9_]", "_");
            if (id.isEmpty() || Character.isDigit(id.charAt(0))) {
                id = "c" + id;
            }
            String unique = id;
            for (int n = 2; result.contains(unique); n++) {
                unique = id + "_" + n;
            }
            result.add(unique);
        }
        return result;
    }

    /**
     * The SPDX id of dataset.json's licence: the licence itself when it is one, Creative Commons names spelt out
     * ({@code CC0 1.0 Universal}, {@code CC BY 4.0}) as their ids, else {@code null}.
     */
    static String spdxLicense(String licence) {
        if (licence == null || licence.isBlank()) {
            return null;
        }
        String text = licence.strip();
        Matcher cc = CREATIVE_COMMONS.matcher(text);
        if (cc.find()) {
            String kind = cc.group(1).toUpperCase(Locale.ROOT).replace(' ', '-');
            String version = cc.group(2) != null ? cc.group(2) : kind.equals("0") ? "1.0" : "4.0";
            return kind.equals("0") ? "CC0-1.0" : "CC-" + kind + "-" + version;
        }
        return SPDX.matcher(text).matches() ? text : null;
    }

    /** The first DOI in a free-text reference, or {@code null}. */
    static String doi(String reference) {
        if (reference == null) {
            return null;
        }
        Matcher m = DOI.matcher(reference);
        return m.find() ? m.group().replaceAll("[.)]+$", "") : null;
    }

    /** A name bioimage.io accepts: letters, digits, {@code _-()} and spaces, 5 to 128 characters. */
    static String name(String text) {
        String name = NAME_CHARACTERS.matcher(text).replaceAll("_");
        return name.length() > 128 ? name.substring(0, 128) : name;
    }

    static Map<String, Object> step(String id, Map<String, Object> kwargs) {
        return ordered("id", id, "kwargs", kwargs);
    }

    static Map<String, Object> kwargs(Object... keysAndValues) {
        return ordered(keysAndValues);
    }

    /** A map that keeps the order its keys are given in. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
