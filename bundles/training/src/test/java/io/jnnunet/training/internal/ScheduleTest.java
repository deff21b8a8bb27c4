package io.jnnunet.training.internal;

import static org.junit.Assert.assertEquals;

import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.TrainerSettings;
import io.jnnunet.formats.CheckpointHeader;
import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

public class ScheduleTest {

    private static final TrainerSettings VARIANT = TrainerSettings.defaults().withNumEpochs(5)
            .withNumIterationsPerEpoch(7).withNumValIterationsPerEpoch(3);

    @Test
    public void theVariantFillsWhatThePlansLeaveOpen() {
        assertEquals(new Schedule(5, 7, 3), Schedule.of(null, null, null, setup(Map.of()), VARIANT));
        assertEquals(new Schedule(1000, 250, 50),
                Schedule.of(null, null, null, setup(Map.of()), TrainerSettings.defaults()));
    }

    @Test
    public void thePlansScheduleBeatsTheVariant() {
        Map<String, Object> planned = Map.of("num_epochs", 40, "num_iterations_per_epoch", 30,
                "num_val_iterations_per_epoch", 10);
        assertEquals(new Schedule(40, 30, 10), Schedule.of(null, null, null, setup(planned), VARIANT));
        assertEquals(new Schedule(40, 7, 3), Schedule.of(null, null, null, setup(Map.of("num_epochs", 40)), VARIANT));
    }

    @Test
    public void aResumedCheckpointBeatsThePlansAndTheRequestBeatsAll() {
        Map<String, Object> planned = Map.of("num_epochs", 40, "num_iterations_per_epoch", 30,
                "num_val_iterations_per_epoch", 10);
        CheckpointHeader resumed = new CheckpointHeader(CheckpointHeader.FORMAT, CheckpointHeader.FORMAT_VERSION,
                "nnUNetTrainer_5epochs", 2, 20, 15, 4, 0.01, null, 1L, null, null, null, null, null, null);

        assertEquals(new Schedule(20, 15, 4), Schedule.of(null, null, resumed, setup(planned), VARIANT));
        assertEquals(new Schedule(2, 9, 4), Schedule.of(2, 9, resumed, setup(planned), VARIANT));
        assertEquals(new Schedule(2, 9, 3), Schedule.of(2, 9, null, setup(Map.of()), VARIANT));
    }

    private static TrainingSetup setup(Map<String, Object> planned) {
        ConfigurationPlan configuration = new ConfigurationPlan(null, null, null, 2, new int[] {32, 32}, null, null,
                null, null, null, null, null, null, null, null, null, true, null, null, new HashMap<>(planned));
        return new TrainingSetup(null, null, null, null, "2d", configuration, 1, 2, null);
    }
}
