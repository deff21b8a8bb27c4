package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One command for a lab ({@code nnunet:auto}): the best model of a dataset that a wall-clock budget buys.
 *
 * @param dataset id, name or raw folder
 * @param budgetMinutes wall-clock minutes for all of it (conversion, planning, preprocessing, training, final
 *     validation, instance tuning), counted from the start of the run
 * @param fold the cross-validation fold to train (not given: {@code 0}; not {@code all}, whose validation cases are
 *     its own training cases and would tune nothing)
 * @param device {@code cpu}, {@code gpu}, {@code gpu:N}, {@code auto}, or {@code null} for the configured default
 * @param workers cases processed at a time, or {@code null} for the number of cores of the machine that runs it
 * @param precision the network's arithmetic, planned, trained and predicted with ({@code fp32}, or {@code bf16}
 *     where the device computes bfloat16 natively); {@code null}: fp32
 */
public record AutoRequest(
        @JsonProperty("dataset") String dataset,
        @JsonProperty("budget_minutes") Double budgetMinutes,
        @JsonProperty("fold") String fold,
        @JsonProperty("device") String device,
        @JsonProperty("workers") Integer workers,
        @JsonProperty("precision") String precision) {

    public static final String DEFAULT_FOLD = "0";

    public AutoRequest {
        Requests.required("dataset", dataset);
        if (budgetMinutes == null || !(budgetMinutes > 0) || budgetMinutes.isInfinite()) {
            throw new IllegalArgumentException("budget_minutes must be a number of minutes more than 0, got "
                    + budgetMinutes);
        }
        fold = Requests.fold("fold", fold == null ? DEFAULT_FOLD : fold);
        if (fold.equals("all")) {
            throw new IllegalArgumentException("fold must be a cross-validation fold (0, 1, ...), not all: fold all"
                    + " validates on its own training cases");
        }
        Requests.positive("workers", workers);
        precision = Requests.precision("precision", precision);
    }
}
