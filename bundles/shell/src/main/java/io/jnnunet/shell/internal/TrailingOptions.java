package io.jnnunet.shell.internal;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.karaf.shell.api.action.Option;

/**
 * Karaf's parser takes options only before the first argument, but nnU-Net's users write them after the positional
 * ones ({@code nnUNetv2_train 1 2d 0 -p nnUNetPlans --c}). A command collects what follows its positionals in one
 * multi-valued argument and hands it here, which sets the command's own {@link Option} fields by their names.
 */
final class TrailingOptions {

    private TrailingOptions() {
    }

    static void apply(Object action, List<String> tokens) {
        if (tokens == null) {
            return;
        }
        Iterator<String> it = tokens.iterator();
        while (it.hasNext()) {
            String token = it.next();
            Field field = find(action.getClass(), token);
            if (field == null) {
                throw new IllegalArgumentException("unknown option or extra argument '" + token + "'");
            }
            try {
                field.setAccessible(true);
                Class<?> type = field.getType();
                if (type == boolean.class || type == Boolean.class) {
                    field.set(action, true);
                    continue;
                }
                if (!it.hasNext()) {
                    throw new IllegalArgumentException("option " + token + " needs a value");
                }
                String value = it.next();
                if (List.class.isAssignableFrom(type)) {
                    @SuppressWarnings("unchecked")
                    List<Object> list = field.get(action) == null ? new ArrayList<>()
                            : (List<Object>) field.get(action);
                    list.add(value);
                    field.set(action, list);
                } else if (type == int.class || type == Integer.class) {
                    field.set(action, Integer.valueOf(value));
                } else if (type == double.class || type == Double.class) {
                    field.set(action, Double.valueOf(value));
                } else {
                    field.set(action, value);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + token + " needs a number", e);
            }
        }
    }

    private static Field find(Class<?> type, String token) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                Option option = field.getAnnotation(Option.class);
                if (option != null && (option.name().equals(token)
                        || Arrays.asList(option.aliases()).contains(token))) {
                    return field;
                }
            }
        }
        return null;
    }
}
