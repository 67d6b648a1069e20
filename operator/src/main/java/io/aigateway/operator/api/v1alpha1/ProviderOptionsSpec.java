package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;

/** Provider-specific options. */
public class ProviderOptionsSpec {

    @SchemaFrom(type = OpenAiApi.class)
    @JsonPropertyDescription("OpenAI only: 'completions' (Chat Completions, the default) or 'responses' (the "
            + "Responses API). 'responses' is only allowed when every target of the upstream is OpenAI.")
    private String api;

    public String getApi() {
        return api;
    }

    public void setApi(String api) {
        this.api = api;
    }
}
