package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where an installed model came from.
 *
 * @param kind {@value #TRAINED} (jnnunet's own checkpoints), {@value #INSTALLED} (from a model zip) or
 *     {@value #NNUNET} (a model folder of Python nnU-Net, its {@code .pth} checkpoints used as they are)
 * @param file the zip's file name, for {@value #INSTALLED}
 * @param date when it was installed (ISO-8601), for {@value #INSTALLED}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelOrigin(
        @JsonProperty("kind") String kind,
        @JsonProperty("file") String file,
        @JsonProperty("date") String date) {

    public static final String TRAINED = "trained";
    public static final String INSTALLED = "installed";
    public static final String NNUNET = "nnunet";

    public ModelOrigin {
        Requests.required("kind", kind);
    }

    /** One phrase for tables: {@code trained here}, {@code installed from m.zip (2026-12-02)}, ... */
    public String describe() {
        return switch (kind) {
            case TRAINED -> "trained here";
            case INSTALLED -> "installed from " + file + (date == null ? "" : " (" + date.substring(0,
                    Math.min(10, date.length())) + ")");
            case NNUNET -> "nnU-Net model folder (.pth)";
            default -> kind;
        };
    }
}
