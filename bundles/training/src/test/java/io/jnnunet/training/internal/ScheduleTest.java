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
        assertEquals(new Schedule(5, 7, 3, null), Schedule.of(null, null, null, null, setup(Map.of()), VARIANT));
        assertEquals(new Schedule(1000, 250, 50, null),
                Schedule.of(null, null, null, null, setup(Map.of()), TrainerSettings.defaults()));
    }

    @Test
    public void thePlansScheduleBeatsTheVariant() {
        Map<String, Object> planned = Map.of("num_epochs", 40, "num_iterations_per_epoch", 30,
                "num_val_iterations_per_epoch", 10);
        assertEquals(new Schedule(40, 30, 10, null), Schedule.of(null, null, null, null, setup(planned), VARIANT));
        assertEquals(new Schedule(40, 7, 3, null),
                Schedule.of(null, null, null, null, setup(Map.of("num_epochs", 40)), VARIANT));
    }

    @Test
    public void aResumedCheckpointBeatsThePlansAndTheRequestBeatsAll() {
        Map<String, Object> planned = Map.of("num_epochs", 40, "num_iterations_per_epoch", 30,
                "num_val_iterations_per_epoch", 10);
        CheckpointHeader resumed = new CheckpointHeader(CheckpointHeader.FORMAT, CheckpointHeader.FORMAT_VERSION,
                "nnUNetTrainer_5epochs", 2, 20, 15, 4, 0.01, null, 1L, null, null, null, null, null, null,
                null);

        assertEquals(new Schedule(20, 15, 4, null), Schedule.of(null, null, null, resumed, setup(planned), VARIANT));
        assertEquals(new Schedule(2, 9, 4, null), Schedule.of(2, 9, null, resumed, setup(planned), VARIANT));
        assertEquals(new Schedule(2, 9, 3, null), Schedule.of(2, 9, null, null, setup(Map.of()), VARIANT));
    }

    /** A budget plan is a deadline, unless the request fixes the epochs; a resumed run keeps its own. */
    @Test
    public void theTimeBudgetComesFromRequestCheckpointOrPlansAndAFixedEpochCountTurnsItOff() {
        Map<String, Object> planned = Map.of("num_epochs", 40, "budget", Map.of("training_seconds", 255.0));
        assertEquals(new Schedule(40, 7, 3, 255.0), Schedule.of(null, null, null, null, setup(planned), VARIANT));
        assertEquals(new Schedule(40, 7, 3, 60.0), Schedule.of(null, null, 60.0, null, setup(planned), VARIANT));
        assertEquals(new Schedule(3, 7, 3, null), Schedule.of(3, null, null, null, setup(planned), VARIANT));
        assertEquals(new Schedule(3, 7, 3, 60.0), Schedule.of(3, null, 60.0, null, setup(planned), VARIANT));
        // plans written before training_seconds was recorded
        assertEquals(255.0, Schedule.of(null, null, null, null, setup(Map.of("budget", Map.of("budget_minutes", 5.0,
                "training_share", 0.85))), VARIANT).trainingSeconds(), 1e-9);

        CheckpointHeader deadlineRun = header(new CheckpointHeader.TimeBudget(100, 40));
        assertEquals(100.0, Schedule.of(null, null, null, deadlineRun, setup(planned), VARIANT).trainingSeconds(),
                0);
        assertEquals(null, Schedule.of(null, null, null, header(null), setup(planned), VARIANT).trainingSeconds());
    }

    private static CheckpointHeader header(CheckpointHeader.TimeBudget budget) {
        return new CheckpointHeader(CheckpointHeader.FORMAT, CheckpointHeader.FORMAT_VERSION, "nnUNetTrainer", 2, 20,
                15, 4, 0.01, null, 1L, budget, null, null, null, null, null, null);
    }

    private static TrainingSetup setup(Map<String, Object> planned) {
        ConfigurationPlan configuration = new ConfigurationPlan(null, null, null, 2, new int[] {32, 32}, null, null,
                null, null, null, null, null, null, null, null, null, true, null, null, new HashMap<>(planned));
        return new TrainingSetup(null, null, null, null, "2d", configuration, 1, 2, null);
    }
}
