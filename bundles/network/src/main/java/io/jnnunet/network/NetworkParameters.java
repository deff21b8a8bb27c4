package io.jnnunet.network;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * A network's parameters under nnU-Net's state-dict keys ({@code encoder.stages.0.0.convs.0.conv.weight}): the
 * architectures name their blocks after torch's modules, and DJL prefixes each child's name with a two-digit counter,
 * which is stripped here at every level of the block tree. The order is the tree's, which is also the order of
 * torch's {@code state_dict} for the modules that appear once.
 */
public record NetworkParameters(List<String> names, List<Parameter> parameters) {

    public NetworkParameters {
        names = List.copyOf(names);
        parameters = List.copyOf(parameters);
    }

    /**
     * The parameters under torch's names. A network whose blocks are not named after torch modules (a lab's plugin
     * built from DJL's stock blocks, where siblings share a class name) keeps DJL's counters, which are unique.
     */
    public static NetworkParameters of(Block network) {
        NetworkParameters torchNames = collect(network, true);
        return torchNames.names().stream().distinct().count() == torchNames.names().size() ? torchNames
                : collect(network, false);
    }

    private static NetworkParameters collect(Block network, boolean stripCounters) {
        List<String> names = new ArrayList<>();
        List<Parameter> parameters = new ArrayList<>();
        collect(network, "", stripCounters, names, parameters);
        return new NetworkParameters(names, parameters);
    }

    private static void collect(Block block, String prefix, boolean stripCounters, List<String> names,
            List<Parameter> parameters) {
        for (Pair<String, Parameter> parameter : block.getDirectParameters()) {
            names.add(prefix + parameter.getValue().getName());
            parameters.add(parameter.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            String name = stripCounters ? child.getKey().substring(2) : child.getKey();
            collect(child.getValue(), prefix + name + ".", stripCounters, names, parameters);
        }
    }

    public int size() {
        return names.size();
    }

    public long[] shape(int index) {
        return parameters.get(index).getArray().getShape().getShape();
    }
}
