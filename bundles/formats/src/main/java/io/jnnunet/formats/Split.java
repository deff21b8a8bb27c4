package io.jnnunet.formats;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** One fold of {@code splits_final.json}: the training and validation case identifiers, nnU-Net's keys. */
@JsonPropertyOrder({"train", "val"})
public record Split(@JsonProperty("train") List<String> train, @JsonProperty("val") List<String> val) {

    public Split {
        train = List.copyOf(train);
        val = List.copyOf(val);
    }
}
