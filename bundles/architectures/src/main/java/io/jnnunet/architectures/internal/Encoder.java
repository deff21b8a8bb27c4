package io.jnnunet.architectures.internal;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * An encoder whose output is the list of every stage's output, highest resolution first and the bottleneck last:
 * the skips UNetDecoder consumes. An optional stem runs before the first stage.
 */
abstract class Encoder extends AbstractBlock {

    private Block stem;
    private final List<Block> stages = new ArrayList<>();

    protected final void addStem(Block block) {
        stem = addChildBlock("stem", block);
    }

    protected final void addStage(String name, Block stage) {
        stages.add(addChildBlock(name, stage));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList x = stem == null ? inputs : stem.forward(parameterStore, inputs, training, params);
        NDList skips = new NDList(stages.size());
        for (Block stage : stages) {
            x = stage.forward(parameterStore, x, training, params);
            skips.add(x.singletonOrThrow());
        }
        return skips;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        if (stem != null) {
            stem.initialize(manager, dataType, shapes);
            shapes = stem.getOutputShapes(shapes);
        }
        for (Block stage : stages) {
            stage.initialize(manager, dataType, shapes);
            shapes = stage.getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = stem == null ? inputShapes : stem.getOutputShapes(inputShapes);
        Shape[] skips = new Shape[stages.size()];
        for (int s = 0; s < skips.length; s++) {
            shapes = stages.get(s).getOutputShapes(shapes);
            skips[s] = shapes[0];
        }
        return skips;
    }
}
