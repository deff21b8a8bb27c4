package io.jnnunet.postprocessing.internal.instances;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.InstanceRecipe;
import io.jnnunet.postprocessing.internal.morphology.ConnectedComponents;
import io.jnnunet.postprocessing.internal.morphology.DistanceTransform;
import io.jnnunet.postprocessing.internal.morphology.Filters;
import io.jnnunet.postprocessing.internal.morphology.Grid;
import io.jnnunet.postprocessing.internal.morphology.Watershed;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The classic split of touching nuclei: train a plain foreground/background network, then cut the predicted
 * foreground by a watershed of its distance map, one seed per distance peak.
 *
 * <p>Parameters (voxel units): {@code h}, how much a distance peak must stand above the pass to a higher one to
 * seed its own instance (skimage's {@code h_maxima}); {@code sigma}, the Gaussian smoothing of the distance map
 * before the peaks are sought (0 = none); {@code min_size}, instances smaller than this are dropped.
 */
@Component(service = InstanceRecipe.class, property = InstanceRecipe.NAME + "=" + WatershedRecipe.NAME)
public class WatershedRecipe implements InstanceRecipe {

    static final String NAME = "watershed";
    static final String H = "h";
    static final String SIGMA = "sigma";
    static final String MIN_SIZE = "min_size";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "foreground (1) only; decoded by a watershed of the smoothed distance map seeded at its h-maxima";
    }

    @Override
    public Map<String, Object> labels() {
        return InstanceMaps.foregroundLabels();
    }

    /** In a fixed order (a tuner searches them one after the other). */
    @Override
    public Map<String, Double> defaultParameters() {
        Map<String, Double> defaults = new LinkedHashMap<>();
        defaults.put(H, 2.0);
        defaults.put(SIGMA, 1.0);
        defaults.put(MIN_SIZE, 10.0);
        return Collections.unmodifiableMap(defaults);
    }

    @Override
    public ImageVolume trainingLabels(ImageVolume instances, Map<String, Double> parameters) {
        InstanceMaps.parameters(NAME, defaultParameters(), parameters);
        return InstanceMaps.foregroundTrainingLabels(instances);
    }

    /** Every label above 0 counts as foreground. */
    @Override
    public ImageVolume instances(ImageVolume semanticLabels, Map<String, Double> parameters) {
        Map<String, Double> p = InstanceMaps.parameters(NAME, defaultParameters(), parameters);
        int[] labels = InstanceMaps.labels(semanticLabels, "label map");
        Grid grid = Grid.of(semanticLabels.shape());
        boolean[] foreground = InstanceMaps.foreground(labels);
        double[] height = Filters.gaussian(DistanceTransform.insideDistances(foreground, grid), grid, p.get(SIGMA));
        for (int i = 0; i < height.length; i++) {
            if (!foreground[i]) {
                height[i] = 0; // smoothing must not bridge two nuclei across the gap between them
            }
        }
        boolean[] peaks = Filters.hMaxima(height, grid, p.get(H));
        double[] landscape = new double[height.length];
        for (int i = 0; i < peaks.length; i++) {
            peaks[i] &= foreground[i];
            landscape[i] = -height[i];
        }
        ConnectedComponents.Labelling seeds = ConnectedComponents.label(peaks, grid, Grid.Connectivity.FULL);
        int[] ids = Watershed.flood(landscape, seeds.labels(), foreground, grid, Grid.Connectivity.FACE);
        // foreground that no seed reaches (no peak of its own) becomes one instance per component
        boolean[] unseeded = new boolean[ids.length];
        for (int i = 0; i < ids.length; i++) {
            unseeded[i] = foreground[i] && ids[i] == 0;
        }
        ConnectedComponents.Labelling rest = ConnectedComponents.label(unseeded, grid, Grid.Connectivity.FULL);
        for (int i = 0; i < ids.length; i++) {
            if (rest.labels()[i] != 0) {
                ids[i] = seeds.count() + rest.labels()[i];
            }
        }
        return InstanceMaps.finish(semanticLabels, ids, (int) Math.ceil(p.get(MIN_SIZE)));
    }
}
