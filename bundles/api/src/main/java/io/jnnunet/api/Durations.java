package io.jnnunet.api;

import java.util.Locale;

/** Durations as every line of jnnunet prints them: {@code 4.2 s}, {@code 3 min 12 s}, {@code 2 h 05 min}. */
public final class Durations {

    private Durations() {
    }

    public static String format(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
