package io.jnnunet.formats;

/**
 * IEEE 754 half precision (torch's {@code float16}, numpy's {@code float16}) in Java 17, which lacks
 * {@code Float.floatToFloat16}: the conversions torch's CPU kernels make, rounding to nearest, ties to even.
 */
public final class Float16 {

    private Float16() {
    }

    /** The float16 bits of a float, rounded to nearest even; overflow gives infinity, NaN stays NaN. */
    public static short toBits(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7fffffff;
        if (magnitude >= 0x7f800000) {
            // infinity, or NaN with its payload's top bits kept and quiet
            return (short) (sign | 0x7c00 | (magnitude > 0x7f800000 ? 0x200 | (magnitude >>> 13) & 0x3ff : 0));
        }
        if (magnitude >= 0x477ff000) {
            // 65520 and above round to infinity
            return (short) (sign | 0x7c00);
        }
        if (magnitude >= 0x38800000) {
            // normal: drop 13 mantissa bits with round-to-nearest-even; a carry moves into the exponent correctly
            int half = (magnitude - 0x38000000) >>> 13;
            int rest = magnitude & 0x1fff;
            if (rest > 0x1000 || rest == 0x1000 && (half & 1) != 0) {
                half++;
            }
            return (short) (sign | half);
        }
        if (magnitude < 0x33000000) {
            // below half the smallest subnormal (2^-25): zero
            return (short) sign;
        }
        // subnormal: the mantissa with its implicit bit, shifted so that one unit is 2^-24
        int exponent = magnitude >>> 23;
        int mantissa = (magnitude & 0x7fffff) | 0x800000;
        int shift = 126 - exponent;
        int half = mantissa >>> shift;
        int rest = mantissa & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || rest == halfway && (half & 1) != 0) {
            half++;
        }
        return (short) (sign | half);
    }

    /** The float a float16 stands for (exact). */
    public static float toFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        }
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }

    /** The value rounded to float16 precision and range, as a float: what storing it in a float16 array keeps. */
    public static float round(float value) {
        return toFloat(toBits(value));
    }
}
