package io.jnnunet.shell.internal;

import java.util.Locale;

/** How the commands print numbers a person reads (durations: {@link io.jnnunet.api.Durations}). */
final class Formats {

    private Formats() {
    }

    static String bytes(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    }

    /** A spacing or similar value without a useless fraction: {@code 1}, {@code 0.785}. */
    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.4g", value);
    }

    /** A value with 4 decimals, empty for none. */
    static String fourDecimals(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
    }
}
