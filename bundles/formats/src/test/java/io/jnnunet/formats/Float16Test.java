package io.jnnunet.formats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Half precision as IEEE 754 (and so torch and numpy) defines it, checked over every float16 value. */
public class Float16Test {

    @Test
    public void everyHalfConvertsExactlyAndBack() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float value = Float16.toFloat((short) bits);
            if (Float.isNaN(value)) {
                assertTrue(Float.isNaN(Float16.round(value)));
            } else {
                assertEquals(Integer.toHexString(bits), (short) bits, Float16.toBits(value));
            }
        }
        assertEquals(65504f, Float16.toFloat((short) 0x7bff), 0);
        assertEquals(0x1p-24f, Float16.toFloat((short) 1), 0);
        assertEquals(-2f, Float16.toFloat((short) 0xc000), 0);
    }

    @Test
    public void floatsRoundToTheNearestHalfTiesToEven() {
        for (int bits = 0; bits < 0x7bff; bits++) {
            float low = Float16.toFloat((short) bits);
            float high = Float16.toFloat((short) (bits + 1));
            // the midpoint is a float: halves have 11 significant bits, floats 24
            float middle = (low + high) / 2;
            short even = (short) ((bits & 1) == 0 ? bits : bits + 1);
            assertEquals(even, Float16.toBits(middle));
            assertEquals((short) bits, Float16.toBits(Math.nextDown(middle)));
            assertEquals((short) (bits + 1), Float16.toBits(Math.nextUp(middle)));
            assertEquals((short) (bits | 0x8000), Float16.toBits(-Math.nextDown(middle)));
        }
        assertEquals(Float.POSITIVE_INFINITY, Float16.round(65520f), 0);
        assertEquals(65504f, Float16.round(Math.nextDown(65520f)), 0);
        assertEquals(Float.NEGATIVE_INFINITY, Float16.round(-1e6f), 0);
        assertEquals(0f, Float16.round(0x1p-25f), 0);
        assertEquals(0x1p-24f, Float16.round(Math.nextUp(0x1p-25f)), 0);
    }
}
