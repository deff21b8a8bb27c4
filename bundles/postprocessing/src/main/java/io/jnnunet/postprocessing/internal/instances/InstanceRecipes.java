package io.jnnunet.postprocessing.internal.instances;

import io.jnnunet.api.InstanceRecipe;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The installed instance recipes by name, as a component's dynamic reference sees them come and go. */
public final class InstanceRecipes {

    private final Map<String, InstanceRecipe> byName = new ConcurrentHashMap<>();

    public void add(InstanceRecipe recipe) {
        byName.put(recipe.name(), recipe);
    }

    public void remove(InstanceRecipe recipe) {
        byName.remove(recipe.name(), recipe);
    }

    /** @throws IllegalArgumentException naming the installed recipes when there is none of that name */
    public InstanceRecipe require(String name) {
        InstanceRecipe recipe = byName.get(name);
        if (recipe == null) {
            throw new IllegalArgumentException("no instance recipe '" + name + "' is installed; installed: "
                    + new TreeSet<>(byName.keySet()));
        }
        return recipe;
    }
}
