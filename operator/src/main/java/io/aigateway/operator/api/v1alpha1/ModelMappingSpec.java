package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.LinkedHashMap;
import java.util.Map;

/** One model name clients send, and the model each target that serves it receives. */
public class ModelMappingSpec {

    @Required
    @Size(min = 1, max = 256)
    @JsonPropertyDescription("The model as the client sends it: a real name such as gpt-4, or an alias such as "
            + "fast. GET /v1/models lists it under this name.")
    private String model;

    @Required
    @Size(min = 1, max = 32)
    @JsonPropertyDescription("Target name to the model that target receives, for example openai: "
            + "gpt-4-turbo-preview. A target not listed is never sent a request for this name.")
    private Map<String, String> targets = new LinkedHashMap<>();

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public Map<String, String> getTargets() {
        return targets;
    }

    public void setTargets(Map<String, String> targets) {
        this.targets = targets == null ? new LinkedHashMap<>() : targets;
    }
}
