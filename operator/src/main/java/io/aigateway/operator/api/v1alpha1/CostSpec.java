package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** What a target charges per 1,000 tokens, in any currency, as long as all targets use the same. */
public class CostSpec {

    @Required
    @Min(0)
    @JsonPropertyDescription("Price of 1,000 prompt tokens, 0 or more.")
    private Double inputPer1k;

    @Required
    @Min(0)
    @JsonPropertyDescription("Price of 1,000 completion tokens, 0 or more.")
    private Double outputPer1k;

    public Double getInputPer1k() {
        return inputPer1k;
    }

    public void setInputPer1k(Double inputPer1k) {
        this.inputPer1k = inputPer1k;
    }

    public Double getOutputPer1k() {
        return outputPer1k;
    }

    public void setOutputPer1k(Double outputPer1k) {
        this.outputPer1k = outputPer1k;
    }
}
