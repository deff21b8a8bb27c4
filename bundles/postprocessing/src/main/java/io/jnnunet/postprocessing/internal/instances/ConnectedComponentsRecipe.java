package io.jnnunet.postprocessing.internal.instances;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.InstanceRecipe;
import io.jnnunet.postprocessing.internal.morphology.ConnectedComponents;
import io.jnnunet.postprocessing.internal.morphology.Grid;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The plainest instances of a semantic map: every face-connected component of its foreground (4-neighbours in 2-D,
 * 6 in 3-D, {@code scipy.ndimage.label}'s default) is one object, so touching cells stay one. The evaluation uses it
 * to score semantic predictions against instance references; it is the baseline the other recipes improve on.
 */
@Component(service = InstanceRecipe.class, property = InstanceRecipe.NAME + "=" + ConnectedComponentsRecipe.NAME)
public class ConnectedComponentsRecipe implements InstanceRecipe {

    static final String NAME = "connected-components";
    static final String MIN_SIZE = "min_size";

    /** Nothing dropped by default, so an evaluation counts every predicted object. */
    private static final Map<String, Double> DEFAULTS = Map.of(MIN_SIZE, 0.0);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "foreground (1) only; decoded as face-connected components of the foreground (touching cells stay one)";
    }

    @Override
    public Map<String, Object> labels() {
        return InstanceMaps.foregroundLabels();
    }

    @Override
    public Map<String, Double> defaultParameters() {
        return DEFAULTS;
    }

    @Override
    public ImageVolume trainingLabels(ImageVolume instances, Map<String, Double> parameters) {
        InstanceMaps.parameters(NAME, DEFAULTS, parameters);
        return InstanceMaps.foregroundTrainingLabels(instances);
    }

    /** Every label above 0 counts as foreground. */
    @Override
    public ImageVolume instances(ImageVolume semanticLabels, Map<String, Double> parameters) {
        Map<String, Double> p = InstanceMaps.parameters(NAME, DEFAULTS, parameters);
        boolean[] foreground = InstanceMaps.foreground(InstanceMaps.labels(semanticLabels, "label map"));
        int[] ids = ConnectedComponents.label(foreground, Grid.of(semanticLabels.shape()), Grid.Connectivity.FACE)
                .labels();
        return InstanceMaps.finish(semanticLabels, ids, (int) Math.ceil(p.get(MIN_SIZE)));
    }
}
