package io.jnnunet.api.workflow;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The checks the request records make in their constructors, with messages that name the JSON field. */
final class Requests {

    private static final Pattern FOLD = Pattern.compile("\\d+|all");

    private Requests() {
    }

    /** A value that must be given. */
    static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be given");
        }
        return value;
    }

    /** A name that becomes part of a folder name: a trainer, plans identifier, configuration or checkpoint. */
    static String name(String field, String value, String defaultValue) {
        String name = value == null ? defaultValue : value;
        required(field, name);
        if (name.contains("__") || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException(field + " must be a name without '__' or path separators, got '"
                    + name + "'");
        }
        return name;
    }

    static String fold(String field, String fold) {
        if (fold == null || !FOLD.matcher(fold).matches()) {
            throw new IllegalArgumentException(field + " must be a fold: 0, 1, ... or all, got "
                    + (fold == null ? "nothing" : "'" + fold + "'"));
        }
        return fold;
    }

    static List<String> folds(String field, List<String> folds) {
        if (folds == null) {
            return List.of();
        }
        folds.forEach(fold -> fold(field, fold));
        return List.copyOf(folds);
    }

    /** {@code null} (the default of the machine that runs it), or at least 1. */
    static Integer positive(String field, Integer value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, got " + value);
        }
        return value;
    }

    static int positive(String field, Integer value, int defaultValue) {
        return positive(field, value == null ? defaultValue : value);
    }

    /** {@code null} (the plans' or the default), {@code fp32} or {@code bf16}, in lower case. */
    static String precision(String field, String value) {
        if (value == null) {
            return null;
        }
        String spec = value.trim().toLowerCase(Locale.ROOT);
        if (!spec.equals("fp32") && !spec.equals("bf16")) {
            throw new IllegalArgumentException(field + " must be fp32 or bf16, got '" + value + "'");
        }
        return spec;
    }

    /** A list that is empty when not given, without blank entries. */
    static List<String> names(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        values.forEach(value -> required(field + " entries", value));
        return List.copyOf(values);
    }

    /** A list, or the defaults when it is not given or empty. */
    static <T> List<T> orDefault(List<T> values, List<T> defaults) {
        return values == null || values.isEmpty() ? defaults : List.copyOf(values);
    }
}
