package io.jnnunet.shell.internal;

import java.util.Locale;

/** How the commands print numbers a person reads. */
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
}
