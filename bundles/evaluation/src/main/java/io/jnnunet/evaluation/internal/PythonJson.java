package io.jnnunet.evaluation.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON text exactly as nnU-Net's {@code save_json(..., sort_keys=True)} writes it with Python's {@code json.dump}:
 * indent 4, keys sorted, floats in Python's {@code repr} (shortest round-trip digits, {@code 62917.0},
 * {@code 1e-05}), NaN and Infinity bare, non-ASCII escaped. Jackson formats doubles as Java does ({@code 1.0E-5}), so
 * files written with it would differ from nnU-Net's.
 */
final class PythonJson {

    private PythonJson() {
    }

    /** Maps, lists, strings, integers (Long, Integer), doubles, booleans and null. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, int depth) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            out.append('{');
            String separator = "\n";
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                out.append(separator).append("    ".repeat(depth + 1));
                string(e.getKey(), out);
                out.append(": ");
                write(e.getValue(), out, depth + 1);
                separator = ",\n";
            }
            out.append('\n').append("    ".repeat(depth)).append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            String separator = "\n";
            for (Object item : list) {
                out.append(separator).append("    ".repeat(depth + 1));
                write(item, out, depth + 1);
                separator = ",\n";
            }
            out.append('\n').append("    ".repeat(depth)).append(']');
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Double || value instanceof Float) {
            out.append(repr(((Number) value).doubleValue()));
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value == null) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    /** Python's {@code repr(float)}. */
    static String repr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        // the shortest decimal that reads back as d (Java 17's Double.toString is not always the shortest)
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        search:
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(-rounded.scale());
            // the nearest decimal of this length first, then its neighbours (the nearest may read back as another
            // double while a neighbour, a little farther away, reads back as d)
            for (BigDecimal candidate : List.of(rounded, rounded.subtract(unit), rounded.add(unit))) {
                if (candidate.doubleValue() == d) {
                    shortest = candidate;
                    break search;
                }
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = shortest.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
