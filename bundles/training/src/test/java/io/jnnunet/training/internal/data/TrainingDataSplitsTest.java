package io.jnnunet.training.internal.data;

import io.jnnunet.formats.CrossValidationSplits;
import io.jnnunet.formats.Split;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class TrainingDataSplitsTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path dataset(int cases) throws IOException {
        Path preprocessed = temp.newFolder("Dataset999_Test").toPath();
        // written in reverse order: the split must not depend on the order the folder lists them
        for (int k = cases - 1; k >= 0; k--) {
            SyntheticDataset.writeBoxCase(preprocessed, id(k), new int[] {1, 8, 8}, new int[] {0, 2, 2},
                    new int[] {1, 4, 4});
        }
        return preprocessed;
    }

    private static String id(int k) {
        return String.format("case_%02d", k);
    }

    private static List<String> ids(int... ks) {
        return IntStream.of(ks).mapToObj(TrainingDataSplitsTest::id).toList();
    }

    @Test
    public void numpyPermutationMatchesTheShuffleOfKFold() {
        // numpy: i = np.arange(10); np.random.RandomState(12345).shuffle(i)
        assertEquals(List.of(0, 7, 3, 9, 6, 4, 1, 8, 5, 2), IntStream.of(
                new io.jnnunet.formats.NumpyRandomState(12345).permutation(10)).boxed().toList());
    }

    @Test
    public void createsTheFiveFoldSplitOfScikitLearnsKFoldAndWritesItInNnUNetsFormat() throws IOException {
        Path preprocessed = dataset(10);
        TrainingData fold0 = TrainingData.open(preprocessed, SyntheticDataset.plans(), "2d", "0");

        assertEquals(ids(0, 7), fold0.validationCases());
        assertEquals(ids(1, 2, 3, 4, 5, 6, 8, 9), fold0.trainCases());
        Path file = preprocessed.resolve("splits_final.json");
        String text = Files.readString(file);
        assertTrue(text, text.startsWith("[\n    {\n        \"train\": [\n            \"case_01\",\n"
                + "            \"case_02\",\n            \"case_03\",\n            \"case_04\",\n"
                + "            \"case_05\",\n            \"case_06\",\n            \"case_08\",\n"
                + "            \"case_09\"\n        ],\n        \"val\": [\n            \"case_00\",\n"
                + "            \"case_07\"\n        ]\n    },\n    {\n"));
        Split[] splits = new NnunetJson().read(file, Split[].class);
        assertEquals(5, splits.length);
        int[][] expectedVal = {{0, 7}, {3, 9}, {4, 6}, {1, 8}, {2, 5}};
        for (int f = 0; f < 5; f++) {
            assertEquals(ids(expectedVal[f]), splits[f].val());
            assertEquals(8, splits[f].train().size());
            assertTrue(splits[f].train().stream().noneMatch(splits[f].val()::contains));
        }
        assertEquals(ids(4, 6), TrainingData.open(preprocessed, SyntheticDataset.plans(), "2d", "2")
                .validationCases());
    }

    @Test
    public void unevenFoldsGiveTheFirstChunksOneMoreCase() {
        // numpy: RandomState(12345).shuffle(arange(12)) = [8 0 3 7 11 10 6 9 4 1 5 2]
        List<Split> splits = CrossValidationSplits.generateCrossvalSplit(ids(IntStream.range(0, 12).toArray()),
                12345, 5);
        assertEquals(ids(0, 3, 8), splits.get(0).val());
        assertEquals(ids(7, 10, 11), splits.get(1).val());
        assertEquals(ids(6, 9), splits.get(2).val());
        assertEquals(ids(1, 4), splits.get(3).val());
        assertEquals(ids(2, 5), splits.get(4).val());
    }

    @Test
    public void anExistingSplitFileIsUsedAsItIs() throws IOException {
        Path preprocessed = dataset(10);
        new NnunetJson().write(preprocessed.resolve("splits_final.json"),
                List.of(new Split(ids(0, 1, 2), ids(3)), new Split(ids(4, 5), ids(6, 7))));

        TrainingData fold1 = TrainingData.open(preprocessed, SyntheticDataset.plans(), "2d", "1");

        assertEquals(ids(4, 5), fold1.trainCases());
        assertEquals(ids(6, 7), fold1.validationCases());
        assertEquals(2, new NnunetJson().read(preprocessed.resolve("splits_final.json"), Split[].class).length);
    }

    @Test
    public void aFoldBeyondTheSplitsIsTheSeededRandomEightyTwentySplit() throws IOException {
        Path preprocessed = dataset(10);
        // numpy: RandomState(12345 + 7).choice(10, 8, replace=False) = [4 6 0 9 1 7 2 8]
        TrainingData fold7 = TrainingData.open(preprocessed, SyntheticDataset.plans(), "2d", "7");

        assertEquals(ids(4, 6, 0, 9, 1, 7, 2, 8), fold7.trainCases());
        assertEquals(ids(3, 5), fold7.validationCases());
    }

    @Test
    public void foldAllTrainsAndValidatesOnEveryCaseWithoutWritingSplits() throws IOException {
        Path preprocessed = dataset(6);
        TrainingData all = TrainingData.open(preprocessed, SyntheticDataset.plans(), "2d", "all");

        assertEquals(ids(0, 1, 2, 3, 4, 5), all.trainCases());
        assertEquals(all.trainCases(), all.validationCases());
        assertFalse(Files.exists(preprocessed.resolve("splits_final.json")));
    }

    @Test
    public void fewerThanFiveCasesTrainAndValidateOnAllOfThem() throws IOException {
        Path preprocessed = dataset(3);
        TrainingData fold0 = TrainingData.open(preprocessed, SyntheticDataset.plans(), "2d", "0");

        assertEquals(ids(0, 1, 2), fold0.trainCases());
        assertEquals(ids(0, 1, 2), fold0.validationCases());
        assertFalse(Files.exists(preprocessed.resolve("splits_final.json")));
    }

    @Test(expected = IOException.class)
    public void aSplitNamingCasesThatWereNotPreprocessedIsRejected() throws IOException {
        Path preprocessed = dataset(5);
        new NnunetJson().write(preprocessed.resolve("splits_final.json"),
                List.of(new Split(ids(0, 1, 9), ids(3))));
        TrainingData.open(preprocessed, SyntheticDataset.plans(), "2d", "0");
    }

    @Test
    public void deepSupervisionScalesOfTheCellsEightStagePlan() {
        int[][] strides = {{1, 1}, {2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}};
        double[][] scales = TrainingData.deepSupervisionScales(strides);

        assertEquals(7, scales.length);
        double expected = 1;
        for (double[] scale : scales) {
            assertEquals(expected, scale[0], 0);
            assertEquals(expected, scale[1], 0);
            expected /= 2;
        }
    }

    @Test
    public void deepSupervisionScalesFollowAnisotropicStrides() {
        double[][] scales = TrainingData.deepSupervisionScales(
                new int[][] {{1, 1, 1}, {1, 2, 2}, {2, 2, 2}, {2, 2, 2}});
        assertEquals(3, scales.length);
        assertEquals(List.of(1.0, 0.5, 0.5), List.of(scales[1][0], scales[1][1], scales[1][2]));
        assertEquals(List.of(0.5, 0.25, 0.25), List.of(scales[2][0], scales[2][1], scales[2][2]));
    }
}
