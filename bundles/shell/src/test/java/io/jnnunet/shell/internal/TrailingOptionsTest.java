package io.jnnunet.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class TrailingOptionsTest {

    @Test
    public void setsOptionsThatFollowThePositionalArgumentsByNameOrAlias() {
        TrainCommand command = new TrainCommand();
        TrailingOptions.apply(command, List.of("-p", "nnUNetPlans_budget30min", "--c", "--epochs", "3",
                "-device", "cpu"));
        assertEquals("nnUNetPlans_budget30min", command.plans);
        assertTrue(command.continueTraining);
        assertEquals(Integer.valueOf(3), command.epochs);
        assertEquals("cpu", command.device);
        assertEquals("nnUNetTrainer", command.trainer);
    }

    @Test
    public void rejectsUnknownOptionsMissingValuesAndNonNumbers() {
        assertThrows(IllegalArgumentException.class, () -> TrailingOptions.apply(new TrainCommand(), List.of("-x")));
        assertThrows(IllegalArgumentException.class, () -> TrailingOptions.apply(new TrainCommand(), List.of("-p")));
        assertThrows(IllegalArgumentException.class,
                () -> TrailingOptions.apply(new TrainCommand(), List.of("--epochs", "many")));
    }
}
