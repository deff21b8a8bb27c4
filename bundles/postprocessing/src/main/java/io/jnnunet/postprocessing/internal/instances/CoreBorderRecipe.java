package io.jnnunet.postprocessing.internal.instances;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.InstanceRecipe;
import io.jnnunet.api.SampleType;
import io.jnnunet.postprocessing.internal.morphology.ConnectedComponents;
import io.jnnunet.postprocessing.internal.morphology.DistanceTransform;
import io.jnnunet.postprocessing.internal.morphology.Filters;
import io.jnnunet.postprocessing.internal.morphology.Grid;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * nnU-Net's cell-tracking recipe (three classes: background, cell core, border), with the border only where two
 * instances touch, so the network learns to draw the gaps between nuclei and not their outlines. Decoding grows the
 * cores back over the border by nearest core, without crossing background.
 */
@Component(service = InstanceRecipe.class, property = InstanceRecipe.NAME + "=" + CoreBorderRecipe.NAME)
public class CoreBorderRecipe implements InstanceRecipe {

    static final String NAME = "core-border";
    static final String BORDER_WIDTH = "border_width";
    static final String MIN_CORE_SIZE = "min_core_size";
    static final String MIN_SIZE = "min_size";

    private static final int CORE = 1;
    private static final int BORDER = 2;
    /** Either call accepts every parameter, so one stored set serves both. */
    private static final Map<String, Double> ALL = Map.of(BORDER_WIDTH, 2.0, MIN_CORE_SIZE, 4.0, MIN_SIZE, 10.0);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "cell cores (1) and borders (2) where instances touch within border_width (default 2) voxels;"
                + " decoded by growing each core over its nearest foreground";
    }

    @Override
    public Map<String, Object> labels() {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("background", 0);
        labels.put("cell", CORE);
        labels.put("border", BORDER);
        return labels;
    }

    /** The decoding parameters, in a fixed order (a tuner searches them one after the other). */
    @Override
    public Map<String, Double> defaultParameters() {
        Map<String, Double> defaults = new LinkedHashMap<>();
        defaults.put(MIN_CORE_SIZE, ALL.get(MIN_CORE_SIZE));
        defaults.put(MIN_SIZE, ALL.get(MIN_SIZE));
        return Collections.unmodifiableMap(defaults);
    }

    /**
     * A voxel of instance i is border when its {@code (2w+1)}-wide window (clipped at the edges) holds another
     * instance, else core; background stays 0.
     */
    @Override
    public ImageVolume trainingLabels(ImageVolume instances, Map<String, Double> parameters) {
        double width = InstanceMaps.parameters(NAME, ALL, parameters).get(BORDER_WIDTH);
        if (width != Math.rint(width)) {
            throw new IllegalArgumentException("recipe " + NAME + ": border_width must be whole voxels, got " + width);
        }
        int[] ids = InstanceMaps.labels(instances, "instance map");
        Grid grid = Grid.of(instances.shape());
        int r = (int) width;
        int[] largest = Filters.windowMaximum(ids, grid, r);
        int[] idsOrMax = ids.clone();
        for (int i = 0; i < idsOrMax.length; i++) {
            idsOrMax[i] = ids[i] == 0 ? Integer.MAX_VALUE : ids[i];
        }
        int[] smallest = Filters.windowMinimum(idsOrMax, grid, r);
        int[] labels = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] > 0) {
                // the window holds the voxel itself, so any other instance shows as a larger maximum or smaller minimum
                labels[i] = largest[i] != ids[i] || smallest[i] != ids[i] ? BORDER : CORE;
            }
        }
        return InstanceMaps.volume(instances, labels, SampleType.UINT8);
    }

    @Override
    public ImageVolume instances(ImageVolume semanticLabels, Map<String, Double> parameters) {
        Map<String, Double> p = InstanceMaps.parameters(NAME, ALL, parameters);
        int[] labels = InstanceMaps.labels(semanticLabels, "core-border label map");
        Grid grid = Grid.of(semanticLabels.shape());
        boolean[] core = new boolean[labels.length];
        boolean[] foreground = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] > BORDER) {
                throw new IllegalArgumentException("a " + NAME + " label map holds 0, 1 and 2 only; voxel " + i
                        + " is " + labels[i]);
            }
            core[i] = labels[i] == CORE;
            foreground[i] = labels[i] != 0;
        }
        ConnectedComponents.Labelling cores = ConnectedComponents.label(core, grid, Grid.Connectivity.FACE);
        int minCore = (int) Math.ceil(p.get(MIN_CORE_SIZE));
        int[] coreIds = cores.labels();
        for (int i = 0; i < coreIds.length; i++) {
            if (coreIds[i] != 0 && cores.sizes()[coreIds[i]] < minCore) {
                coreIds[i] = 0;
            }
        }
        ConnectedComponents.Labelling objects = ConnectedComponents.label(foreground, grid, Grid.Connectivity.FULL);
        int[] ids = new int[labels.length];
        int nextId = cores.count();
        for (Region region : Region.of(objects, grid)) {
            nextId = region.assign(objects.labels(), coreIds, ids, nextId);
        }
        return InstanceMaps.finish(semanticLabels, ids, (int) Math.ceil(p.get(MIN_SIZE)));
    }

    /** One fully-connected foreground object and its bounding box, where its voxels find their nearest core. */
    private record Region(int label, Grid grid, int[] min, int[] max) {

        static Region[] of(ConnectedComponents.Labelling objects, Grid grid) {
            Region[] regions = new Region[objects.count()];
            for (int k = 0; k < regions.length; k++) {
                regions[k] = new Region(k + 1, grid, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE,
                    Integer.MAX_VALUE}, new int[] {-1, -1, -1});
            }
            int[] labels = objects.labels();
            int i = 0;
            for (int x = 0; x < grid.nx(); x++) {
                for (int y = 0; y < grid.ny(); y++) {
                    for (int z = 0; z < grid.nz(); z++, i++) {
                        if (labels[i] != 0) {
                            regions[labels[i] - 1].include(x, y, z);
                        }
                    }
                }
            }
            return regions;
        }

        private void include(int x, int y, int z) {
            min[0] = Math.min(min[0], x);
            min[1] = Math.min(min[1], y);
            min[2] = Math.min(min[2], z);
            max[0] = Math.max(max[0], x);
            max[1] = Math.max(max[1], y);
            max[2] = Math.max(max[2], z);
        }

        /**
         * Gives every voxel of this object the id of its nearest core inside the object, or one new id when it has
         * none.
         *
         * @return the next free id
         */
        int assign(int[] objects, int[] coreIds, int[] ids, int nextId) {
            Grid box = new Grid(max[0] - min[0] + 1, max[1] - min[1] + 1, max[2] - min[2] + 1);
            int[] global = new int[box.size()];
            boolean[] cores = new boolean[box.size()];
            boolean anyCore = false;
            int j = 0;
            for (int x = min[0]; x <= max[0]; x++) {
                for (int y = min[1]; y <= max[1]; y++) {
                    for (int z = min[2]; z <= max[2]; z++, j++) {
                        int i = grid.index(x, y, z);
                        global[j] = objects[i] == label ? i : -1;
                        cores[j] = global[j] >= 0 && coreIds[i] != 0;
                        anyCore |= cores[j];
                    }
                }
            }
            if (!anyCore) {
                nextId++;
                for (int i : global) {
                    if (i >= 0) {
                        ids[i] = nextId;
                    }
                }
                return nextId;
            }
            int[] nearest = DistanceTransform.toFeatures(cores, box).nearest();
            for (j = 0; j < global.length; j++) {
                if (global[j] >= 0) {
                    ids[global[j]] = coreIds[global[nearest[j]]];
                }
            }
            return nextId;
        }
    }
}
