package io.jnnunet.workflow.internal;

import io.jnnunet.api.workflow.PostprocessingReport;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a {@code postprocessing.json} (nnU-Net's keys) into what a person reads of it. */
final class PostprocessingReports {

    private final NnunetJson json = new NnunetJson();

    PostprocessingReport read(Path postprocessingJson) throws IOException {
        Map<?, ?> decision = json.read(postprocessingJson, Map.class);
        List<?> functions = decision.get("postprocessing_fns") instanceof List<?> l ? l : List.of();
        List<?> kwargs = decision.get("postprocessing_kwargs") instanceof List<?> l ? l : List.of();
        List<PostprocessingReport.Step> accepted = new ArrayList<>();
        for (int i = 0; i < functions.size(); i++) {
            Map<String, Object> arguments = new LinkedHashMap<>();
            if (i < kwargs.size() && kwargs.get(i) instanceof Map<?, ?> m) {
                m.forEach((key, value) -> arguments.put(String.valueOf(key), value));
            }
            accepted.add(new PostprocessingReport.Step(String.valueOf(functions.get(i)), arguments));
        }
        return new PostprocessingReport(postprocessingJson.toString(), foregroundDice(decision.get("input_folder")),
                foregroundDice(decision.get("postprocessed")), accepted);
    }

    private static Double foregroundDice(Object scores) {
        Object dice = scores instanceof Map<?, ?> s && s.get("foreground_mean") instanceof Map<?, ?> f
                ? f.get("Dice") : null;
        return dice instanceof Number n ? n.doubleValue() : null;
    }
}
