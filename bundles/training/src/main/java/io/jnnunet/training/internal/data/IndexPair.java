package io.jnnunet.training.internal.data;

/**
 * Receives pairs of element indices (an output index and the input index it takes its value from, or two indices to
 * swap), so that one index walk serves arrays of every element type.
 */
@FunctionalInterface
interface IndexPair {

    void accept(int a, int b);
}
