package org.example.lab.trainer;

import static org.junit.Assert.assertEquals;

import io.jnnunet.api.TrainerSettings;
import org.junit.Test;

public class FastTrainerVariantTest {

    @Test
    public void shortensTheScheduleAndDoublesTheLearningRateOnly() {
        TrainerSettings nnunet = TrainerSettings.defaults();
        TrainerSettings fast = new FastTrainerVariant().settings(nnunet);

        assertEquals(30, fast.numEpochs());
        assertEquals(50, fast.numIterationsPerEpoch());
        assertEquals(0.02, fast.initialLr(), 0);
        assertEquals(nnunet.withNumEpochs(30).withNumIterationsPerEpoch(50).withInitialLr(0.02), fast);
        assertEquals("labTrainer_fast", new FastTrainerVariant().name());
    }
}
