package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code nnUNetv2_install_pretrained_model_from_zip}, checked: a model zip (nnU-Net's or jnnunet's export) unpacked
 * into {@code nnUNet_results}.
 *
 * @param zip the zip file
 * @param overwrite replace a model folder that is installed already (not given: refuse it)
 * @param maxBytes the most bytes the entries may unpack to together (not given: no limit), against zip bombs
 */
public record InstallModelRequest(
        @JsonProperty("zip") String zip,
        @JsonProperty("overwrite") boolean overwrite,
        @JsonProperty("max_bytes") Long maxBytes) {

    public InstallModelRequest {
        Requests.required("zip", zip);
        if (maxBytes != null && maxBytes < 1) {
            throw new IllegalArgumentException("max_bytes must be at least 1, got " + maxBytes);
        }
    }

    public InstallModelRequest(String zip, boolean overwrite) {
        this(zip, overwrite, null);
    }
}
