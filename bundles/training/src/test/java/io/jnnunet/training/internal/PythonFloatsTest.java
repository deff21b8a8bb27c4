package io.jnnunet.training.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Expected strings printed by Python 3.11 / numpy 2.4: {@code repr(float(np.round(v, d)))}. */
public class PythonFloatsTest {

    @Test
    public void roundsHalfToEvenAndPrintsLikePython() {
        assertEquals("0.01", PythonFloats.round(0.01, 5));
        assertEquals("0.00536", PythonFloats.round(0.005357, 5));
        assertEquals("2e-05", PythonFloats.round(1.995e-5, 5));
        assertEquals("0.8123", PythonFloats.round(0.8123456, 4));
        assertEquals("1.0", PythonFloats.round(1.0, 4));
        assertEquals("0.0005", PythonFloats.round(0.00049999, 4));
        assertEquals("-0.1235", PythonFloats.round(-0.123456, 4));
        assertEquals("12.34", PythonFloats.round(12.345, 2));
        assertEquals("0.12", PythonFloats.round(0.125, 2));
        assertEquals("0.14", PythonFloats.round(0.135, 2));
        assertEquals("nan", PythonFloats.round(Double.NaN, 4));
    }

    @Test
    public void reprSwitchesToExponentsWherePythonDoes() {
        assertEquals("0.0005", PythonFloats.repr(0.0005));
        assertEquals("10000000.0", PythonFloats.repr(1e7));
        assertEquals("1.995e-05", PythonFloats.repr(1.995e-5));
        assertEquals("1e+16", PythonFloats.repr(1e16));
        assertEquals("123456789012.5", PythonFloats.repr(123456789012.5));
    }
}
