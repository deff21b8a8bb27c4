package io.jnnunet.planning.internal;

import static org.junit.Assert.assertArrayEquals;

import io.jnnunet.api.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class TargetSpacingRuleTest {

    @Test
    public void targetSpacingIsTheMedianForIsotropicData() {
        List<double[]> spacings = List.of(new double[] {1.0, 0.7, 0.7}, new double[] {1.5, 0.8, 0.8},
                new double[] {1.2, 0.9, 0.9});
        List<int[]> shapes = List.of(new int[] {100, 200, 200}, new int[] {90, 210, 210}, new int[] {80, 190, 190});
        double[] target = new TargetSpacingRule().fullresTargetSpacing(Datasets.of(spacings, shapes, 1));
        assertArrayEquals(new double[] {1.2, 0.8, 0.8}, target, 0);
    }

    @Test
    public void anisotropicAxisTakesTheTenthPercentileOfItsSpacings() {
        double[] target = new TargetSpacingRule().fullresTargetSpacing(anisotropic(2.5));
        // median z spacing 5 > 3 * 0.8 and 30 * 3 < 512 voxels: z becomes np.percentile(z, 10)
        assertArrayEquals(new double[] {0.8, 0.8, 2.95}, target, 0);
    }

    @Test
    public void anisotropicAxisNeverBecomesFinerThanTheInPlaneSpacing() {
        List<double[]> spacings = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        double[] z = {5, 5, 5, 5, 5, 5, 5, 0.5, 0.5, 0.5};
        for (double s : z) {
            spacings.add(new double[] {0.8, 0.8, s});
            shapes.add(new int[] {512, 512, 30});
        }
        double[] target = new TargetSpacingRule().fullresTargetSpacing(Datasets.of(spacings, shapes, 1));
        assertArrayEquals(new double[] {0.8, 0.8, 0.8 + 1e-5}, target, 0);
    }

    @Test
    public void anisotropicSpacingAloneKeepsTheMedian() {
        List<double[]> spacings = List.of(new double[] {0.8, 0.8, 5}, new double[] {0.8, 0.8, 3});
        // as many slices as in-plane voxels: not anisotropic in voxels
        List<int[]> shapes = List.of(new int[] {100, 100, 100}, new int[] {100, 100, 100});
        double[] target = new TargetSpacingRule().fullresTargetSpacing(Datasets.of(spacings, shapes, 1));
        assertArrayEquals(new double[] {0.8, 0.8, 4}, target, 0);
    }

    @Test
    public void transpositionPutsTheCoarsestAxisFirst() {
        Transposition t = Transposition.of(new double[] {0.8, 0.8, 3.0});
        assertArrayEquals(new int[] {2, 0, 1}, t.forward());
        assertArrayEquals(new int[] {1, 2, 0}, t.backward());
        assertArrayEquals(new double[] {3.0, 0.8, 0.8}, t.apply(new double[] {0.8, 0.8, 3.0}), 0);
    }

    @Test
    public void transpositionOfIsotropicDataIsTheIdentity() {
        assertArrayEquals(new int[] {0, 1, 2}, Transposition.of(new double[] {1, 1, 1}).forward());
        assertArrayEquals(new int[] {0, 1, 2}, Transposition.of(new double[] {999, 1, 1}).backward());
    }

    /** 10 cases of 512x512x30 at 0.8 x 0.8 mm, slice spacings 5,5,5,5,5,4,4,3,lowest,6. */
    static Fingerprint anisotropic(double lowest) {
        List<double[]> spacings = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        for (double z : new double[] {5, 5, 5, 5, 5, 4, 4, 3, lowest, 6}) {
            spacings.add(new double[] {0.8, 0.8, z});
            shapes.add(new int[] {512, 512, 30});
        }
        return Datasets.of(spacings, shapes, 1);
    }
}
