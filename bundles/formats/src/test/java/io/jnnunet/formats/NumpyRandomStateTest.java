package io.jnnunet.formats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Expected values printed by numpy 2.4.6's {@code np.random.RandomState}. */
public class NumpyRandomStateTest {

    @Test
    public void randintMatchesNumpy() {
        NumpyRandomState random = new NumpyRandomState(1234);
        long[] drawn = new long[8];
        for (int i = 0; i < drawn.length; i++) {
            drawn[i] = random.randint(0, 100);
        }
        // np.random.RandomState(1234).randint(0, 100, 8)
        assertArrayEquals(new long[] {47, 83, 38, 53, 76, 24, 15, 49}, drawn);
        // followed by .choice(1000, 5, replace=False) on the same state
        assertArrayEquals(new int[] {815, 496, 322, 623, 473}, random.choiceWithoutReplacement(1000, 5));
    }

    @Test
    public void permutationMatchesNumpy() {
        assertArrayEquals(new int[] {7, 2, 9, 1, 0, 8, 4, 5, 6, 3}, new NumpyRandomState(1234).permutation(10));
    }

    @Test
    public void choiceWithReplacementMatchesNumpy() {
        // np.random.RandomState(1234).choice(np.arange(70000), 4)
        assertArrayEquals(new int[] {58067, 34086, 60620, 32399},
                new NumpyRandomState(1234).choiceWithReplacement(70000, 4));
    }

    @Test
    public void largeRangesMatchNumpy() {
        NumpyRandomState random = new NumpyRandomState(12345);
        assertEquals(1845187042L, random.randint(0, 1L << 31));
        assertEquals(1675701733L, random.randint(0, 1L << 31));
    }
}
