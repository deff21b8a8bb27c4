package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.api.Plans;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What planning and preprocessing wrote, per dataset in the order asked. */
public record PlanAndPreprocessResult(@JsonProperty("datasets") List<Dataset> datasets) {

    public PlanAndPreprocessResult {
        datasets = List.copyOf(datasets);
    }

    /**
     * One dataset's outputs.
     *
     * @param name the dataset's folder name, {@code Dataset001_Cells}
     * @param fingerprintFile the fingerprint extracted or used, or {@code null} when no step needed one
     * @param plansFile the plans file written, or {@code null} without the planning step
     * @param plans the plans written (with the kept configurations), or {@code null} without the planning step
     * @param preprocessedFolders configuration to the folder of its preprocessed cases
     */
    public record Dataset(
            @JsonProperty("name") String name,
            @JsonProperty("raw_folder") String rawFolder,
            @JsonProperty("preprocessed_folder") String preprocessedFolder,
            @JsonProperty("fingerprint_file") String fingerprintFile,
            @JsonProperty("plans_file") String plansFile,
            @JsonProperty("plans") Plans plans,
            @JsonProperty("preprocessed_folders") Map<String, String> preprocessedFolders) {

        public Dataset {
            preprocessedFolders = preprocessedFolders == null ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(preprocessedFolders));
        }
    }
}
