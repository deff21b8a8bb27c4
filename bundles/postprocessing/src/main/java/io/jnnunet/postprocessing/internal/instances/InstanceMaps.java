package io.jnnunet.postprocessing.internal.instances;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.SampleType;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the recipes share: label maps as int arrays, their parameters, and the final clean-up of instance ids. */
public final class InstanceMaps {

    private InstanceMaps() {
    }

    /** The one channel of a label map as integers. */
    static int[] labels(ImageVolume volume, String what) {
        if (volume.channelCount() != 1) {
            throw new IllegalArgumentException(what + " must have one channel, got " + volume.channelCount());
        }
        float[] data = volume.channel(0);
        int[] labels = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " must hold non-negative integers, voxel " + i + " is " + v);
            }
            labels[i] = (int) v;
        }
        return labels;
    }

    /** The labels of a recipe that learns the foreground only: background 0, cell 1. */
    static Map<String, Object> foregroundLabels() {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("background", 0);
        labels.put("cell", 1);
        return Collections.unmodifiableMap(labels);
    }

    /** Every id or label above 0 as foreground. */
    static boolean[] foreground(int[] labels) {
        boolean[] foreground = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            foreground[i] = labels[i] > 0;
        }
        return foreground;
    }

    /** The training labels of a foreground-only recipe: cell 1 wherever the instance map has an id. */
    public static ImageVolume foregroundTrainingLabels(ImageVolume instances) {
        int[] ids = labels(instances, "instance map");
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ids[i] > 0 ? 1 : 0;
        }
        return volume(instances, ids, SampleType.UINT8);
    }

    /** A label map volume beside {@code like} (same shape and spacing). */
    static ImageVolume volume(ImageVolume like, int[] labels, SampleType type) {
        float[] data = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = labels[i];
        }
        return ImageVolume.of(like.shape().clone(), like.spacing().clone(), type, data);
    }

    /**
     * The parameters to use: the defaults overridden by the given ones.
     *
     * @throws IllegalArgumentException for a name the recipe does not know, listing those it knows
     */
    static Map<String, Double> parameters(String recipe, Map<String, Double> defaults, Map<String, Double> given) {
        Map<String, Double> merged = new TreeMap<>(defaults);
        if (given != null) {
            for (Map.Entry<String, Double> e : given.entrySet()) {
                if (!defaults.containsKey(e.getKey())) {
                    throw new IllegalArgumentException("recipe " + recipe + " has no parameter '" + e.getKey()
                            + "'; it knows " + new TreeSet<>(defaults.keySet()));
                }
                if (e.getValue() == null || !Double.isFinite(e.getValue()) || e.getValue() < 0) {
                    throw new IllegalArgumentException("recipe " + recipe + ": parameter " + e.getKey()
                            + " must be a non-negative number, got " + e.getValue());
                }
                merged.put(e.getKey(), e.getValue());
            }
        }
        return merged;
    }

    /**
     * Drops instances smaller than {@code minSize} voxels and renumbers the rest 1..n in the raster order of their
     * first voxel; returns the instance volume (UINT16, FLOAT32 beyond 65535 instances).
     */
    static ImageVolume finish(ImageVolume like, int[] ids, int minSize) {
        int max = Arrays.stream(ids).max().orElse(0);
        int[] sizes = new int[max + 1];
        for (int id : ids) {
            sizes[id]++;
        }
        int[] renumbered = new int[max + 1];
        int next = 0;
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            if (id == 0 || sizes[id] < minSize) {
                continue;
            }
            if (renumbered[id] == 0) {
                renumbered[id] = ++next;
            }
            out[i] = renumbered[id];
        }
        return volume(like, out, next <= 65535 ? SampleType.UINT16 : SampleType.FLOAT32);
    }
}
