package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** The targets one requested model may go to. */
public class ModelRouteSpec {

    @Required
    @Size(min = 1, max = 256)
    @JsonPropertyDescription("The model as the client sends it, for example gpt-4; default for every model without "
            + "a route of its own.")
    private String model;

    @Required
    @Size(min = 1, max = 32)
    @JsonPropertyDescription("Names of the targets that may serve the model; the upstream's priority tiers and "
            + "algorithm choose among them.")
    private List<String> targets = new ArrayList<>();

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public List<String> getTargets() {
        return targets;
    }

    public void setTargets(List<String> targets) {
        this.targets = targets == null ? new ArrayList<>() : targets;
    }
}
