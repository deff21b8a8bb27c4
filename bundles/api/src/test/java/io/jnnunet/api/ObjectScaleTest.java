package io.jnnunet.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ObjectScaleTest {

    @Test
    public void parsesAutoOrAPositiveDiameter() {
        assertNull(ObjectScale.parseDiameter("auto"));
        assertEquals(17.5, ObjectScale.parseDiameter(" 17.5"), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ObjectScale.parseDiameter("-3"));
        assertEquals("object diameter must be a positive number of pixels or 'auto', got '-3'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ObjectScale.parseDiameter("big"));
    }

    @Test
    public void factorBringsObjectsToTheTrainingMedian() {
        ObjectScale scale = new ObjectScale(10.0, 20, null);
        assertEquals(2.0, scale.factor(scale.diameter()), 0);
        assertThrows(IllegalArgumentException.class, () -> new ObjectScale(null, 20, null));
        assertTrue(new ObjectScale(null, 20, "core-border").measured());
    }
}
