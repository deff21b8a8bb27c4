package io.jnnunet.shell.internal;

import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How the postprocessing commands print a postprocessing.json. */
final class PostprocessingReport {

    private PostprocessingReport() {
    }

    /** The Dice before and after, and the operations accepted. */
    static void print(Path postprocessingJson, PrintStream out) throws IOException {
        Map<?, ?> decision = new NnunetJson().read(postprocessingJson, Map.class);
        out.printf(Locale.ROOT, "Foreground-mean Dice: %s raw, %s postprocessed%n",
                foregroundDice(decision.get("input_folder")), foregroundDice(decision.get("postprocessed")));
        List<?> functions = decision.get("postprocessing_fns") instanceof List<?> l ? l : List.of();
        List<?> kwargs = decision.get("postprocessing_kwargs") instanceof List<?> l ? l : List.of();
        if (functions.isEmpty()) {
            out.println("No postprocessing improves the Dice: none is applied");
        }
        for (int i = 0; i < functions.size(); i++) {
            out.println("Accepted: " + functions.get(i) + " " + (i < kwargs.size() ? kwargs.get(i) : ""));
        }
        out.println("Decision written to " + postprocessingJson);
    }

    private static String foregroundDice(Object scores) {
        Object dice = scores instanceof Map<?, ?> s && s.get("foreground_mean") instanceof Map<?, ?> f
                ? f.get("Dice") : null;
        return dice instanceof Number n ? String.format(Locale.ROOT, "%.5f", n.doubleValue()) : String.valueOf(dice);
    }
}
