package io.jnnunet.training.internal;

import java.math.BigDecimal;
import java.util.Locale;

/** Floats printed as nnU-Net's log prints them: Python's {@code repr} and {@code np.round(x, decimals)}. */
final class PythonFloats {

    private PythonFloats() {
    }

    /** Python's repr of a float: 0.01, 1.0, 2e-05, 1e+20, nan, inf. */
    static String repr(double value) {
        if (!Double.isFinite(value)) {
            return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }
        String java = Double.toString(value);
        int e = java.indexOf('E');
        if (e < 0) {
            return java;
        }
        // Java switches to 2.0E-5 below 1e-3, Python to 2e-05 below 1e-4
        if (Math.abs(value) >= 1e-4 && Math.abs(value) < 1e16) {
            String plain = new BigDecimal(java).stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String mantissa = java.substring(0, e).replaceAll("\\.0$", "");
        int exponent = Integer.parseInt(java.substring(e + 1));
        return String.format(Locale.ROOT, "%se%s%02d", mantissa, exponent < 0 ? "-" : "+", Math.abs(exponent));
    }

    /**
     * {@code np.round(value, decimals)}, printed as Python does. numpy scales, rounds half to even and scales back,
     * so 12.345 (binary 12.3450000000000006) becomes 12.34 since 12.345 × 100 is 1234.5 in floating point.
     */
    static String round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return repr(Math.rint(value * scale) / scale);
    }
}
