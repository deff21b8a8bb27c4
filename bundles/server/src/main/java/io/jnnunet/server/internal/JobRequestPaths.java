package io.jnnunet.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnnunet.api.JobSpec;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps a job posted to the server inside the folders it is meant for. The keys that name files or folders in the
 * workflow's requests ({@link #PATH_KEYS}) must lie, once resolved (relative ones against the work folder) and with
 * symbolic links followed, inside one of the allowed roots (nnU-Net's three folders and the server's work folder);
 * they are rewritten as absolute paths. {@code dataset} must be a name or an id, never a path; no other value may
 * hold a path at all.
 */
final class JobRequestPaths {

    static final Set<String> PATH_KEYS = Set.of("input", "output", "reference", "prediction", "dataset_json",
            "plans_json", "reference_instances");
    private static final Pattern DATASET = Pattern.compile("\\d{1,3}|" + ModelCatalog.DATASET.pattern());

    private final Path work;
    private final List<Path> roots;

    /** @param roots the folders a request may name; {@code work} is one of them, where relative paths start */
    JobRequestPaths(Path work, List<Path> roots) {
        this.work = work.toAbsolutePath().normalize();
        this.roots = roots.stream().map(r -> real(r.toAbsolutePath().normalize())).toList();
    }

    /** @throws ApiException 400 naming the key and the roots when a value leaves them */
    JobSpec check(JobSpec spec) {
        ObjectNode request = spec.request().deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = request.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals("dataset") && value.isTextual()) {
                if (!DATASET.matcher(value.asText()).matches()) {
                    throw ApiException.badRequest("key \"dataset\": '" + value.asText() + "' is not a dataset name"
                            + " (DatasetXXX_Name) or id; the server takes no dataset paths");
                }
            } else if (PATH_KEYS.contains(key) && value.isTextual()) {
                request.put(key, inside(key, value.asText()).toString());
            } else {
                refusePaths(key, value);
            }
        }
        return new JobSpec(spec.type(), spec.version(), request);
    }

    private Path inside(String key, String value) {
        Path path;
        try {
            path = work.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw ApiException.badRequest("key \"" + key + "\": '" + value + "' is not a path: " + e.getReason());
        }
        Path resolved = real(path);
        for (Path root : roots) {
            if (resolved.startsWith(root)) {
                return resolved;
            }
        }
        throw ApiException.badRequest("key \"" + key + "\": '" + value + "' is outside the folders the server"
                + " works in: " + roots);
    }

    private static void refusePaths(String key, JsonNode value) {
        if (value.isTextual() && (value.asText().contains("/") || value.asText().contains("\\")
                || value.asText().contains(".."))) {
            throw ApiException.badRequest("key \"" + key + "\": '" + value.asText() + "' looks like a path; the"
                    + " server takes paths only in " + PATH_KEYS.stream().sorted().toList());
        }
        value.forEach(element -> refusePaths(key, element));
    }

    /** The path with the symbolic links of its longest existing part followed, so a link cannot lead outside. */
    private static Path real(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (java.io.IOException e) {
            return path;
        }
    }
}
